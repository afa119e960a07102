import { router } from '../../trpc';
import { validateCards } from './validate-cards';

export const validationRouter = router({ validateCards });
