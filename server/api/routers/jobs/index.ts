import { router } from '../../trpc';
import { createJob } from './create-job';
import { getJob } from './get-job';
import { approveJob, cancelJob, releaseJob, submitJob } from './job-actions';
import { jobProfileVersions, jobRequirementsProcedure } from './job-requirements';
import { listValidations, validationReport } from './job-validation';
import { listJobRecords } from './list-job-records';
import { listJobs } from './list-jobs';
import { reopenJobFile } from './reopen-job-file';

export const jobsRouter = router({
  list: listJobs,
  get: getJob,
  create: createJob,
  submit: submitJob,
  cancel: cancelJob,
  approve: approveJob,
  release: releaseJob,
  records: listJobRecords,
  profileVersions: jobProfileVersions,
  requirements: jobRequirementsProcedure,
  validations: listValidations,
  validationReport,
  reopenFile: reopenJobFile,
});
