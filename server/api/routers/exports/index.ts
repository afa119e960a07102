import { router } from '../../trpc';
import { listReleasedJobs } from './list-released-jobs';

export const exportsRouter = router({ list: listReleasedJobs });
