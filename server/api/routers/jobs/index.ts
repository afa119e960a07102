import { router } from '../../trpc';
import { createJob } from './create-job';
import { getJob } from './get-job';
import { approveJob, cancelJob, releaseJob, submitJob } from './job-actions';
import { listJobRecords } from './list-job-records';
import { listJobs } from './list-jobs';

export const jobsRouter = router({
  list: listJobs,
  get: getJob,
  create: createJob,
  submit: submitJob,
  cancel: cancelJob,
  approve: approveJob,
  release: releaseJob,
  records: listJobRecords,
});
