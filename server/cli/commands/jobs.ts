import { namedValues, oneOf, parseOptions, required, serverOptions, UsageError } from '../cli-args';
import { printResult, table, type CliCommand } from '../cli-command';
import type { CliIo } from '../cli-io';
import { uploadCardholderFile, type UploadedFile } from '../workbench/upload-file';
import { signedIn, type ApiInput, type Workbench } from '../workbench/workbench-client';

/** How many rejected rows `jobs create` lists; the job page (and `jobs status --json`) has them all. */
const rejectionsShown = 20;

function printUpload(io: CliIo, upload: UploadedFile) {
  io.out(
    `Uploaded ${upload.fileName}: ${upload.bytes} bytes, SHA-256 ${upload.sha256}, upload id ${upload.uploadId}.`,
  );
}

export const jobsUpload: CliCommand = {
  name: 'jobs upload',
  synopsis: 'FILE',
  summary: 'stream a cardholder file to the workbench (analyst); prints the upload id for jobs create',
  async run(args, io) {
    const { values, positionals } = parseOptions(args, serverOptions, ['FILE']);
    const { workbench } = signedIn(io, values);
    const upload = await uploadCardholderFile(workbench, positionals[0]!);
    if (values.json) io.out(JSON.stringify(upload, null, 2));
    else printUpload(io, upload);
    return 0;
  },
};

const sampleModes = ['percent', 'all'] as const;

/** The id of the active bureau with this code (or id), as the job form lists them. */
async function bureauIdOf(workbench: Workbench, codeOrId: string): Promise<string> {
  const bureaus = await workbench.api.bureaus.list.query();
  const wanted = codeOrId.trim().toUpperCase();
  const bureau = bureaus.find((b) => b.code === wanted || b.id.toUpperCase() === wanted);
  if (!bureau) {
    const known = bureaus.map((b) => b.code).join(', ') || 'none';
    throw new UsageError(`--bureau: no active bureau ${codeOrId} (active bureaus: ${known})`);
  }
  return bureau.id;
}
const pinFormats = ['0', '3', '4'] as const;

export const jobsCreate: CliCommand = {
  name: 'jobs create',
  synopsis:
    '--profile-version ID --kek KEY_ID --key USAGE=KEY_ID … --bureau CODE [--one-time-download] [--issuer-certificate APP_ID=CERT_ID …] [--pin-key KEY_ID --pin-format 0|3|4] (--file FILE | --upload UPLOAD_ID) [--input NAME=FILE | --input-upload NAME=UPLOAD_ID …] [--encoding utf-8|iso-8859-1] [--accept-valid REASON] [--sample percent|all]',
  summary: 'create a job from an approved profile version, its keys and a cardholder file (analyst)',
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...serverOptions,
      'profile-version': { type: 'string' },
      bureau: { type: 'string' },
      'one-time-download': { type: 'boolean' },
      kek: { type: 'string' },
      key: { type: 'string', multiple: true },
      'issuer-certificate': { type: 'string', multiple: true },
      'pin-key': { type: 'string' },
      'pin-format': { type: 'string' },
      file: { type: 'string' },
      upload: { type: 'string' },
      input: { type: 'string', multiple: true },
      'input-upload': { type: 'string', multiple: true },
      encoding: { type: 'string' },
      'accept-valid': { type: 'string' },
      sample: { type: 'string' },
    });
    if ((values.file === undefined) === (values.upload === undefined)) {
      throw new UsageError('give the cardholder file: --file FILE, or --upload UPLOAD_ID from "jobs upload"');
    }
    // An additional input the card template names (e.g. accounts=accounts.csv): a file, or an upload.
    const inputFiles = namedValues(values.input, 'input', 'NAME=FILE, e.g. accounts=accounts.csv');
    const inputUploads = namedValues(values['input-upload'], 'input-upload', 'NAME=UPLOAD_ID');
    for (const name of Object.keys(inputFiles)) {
      if (name in inputUploads) throw new UsageError(`give input ${name} once: --input or --input-upload`);
    }
    const pinFormat = oneOf(values['pin-format'], 'pin-format', pinFormats);
    const input = {
      profileVersionId: required(
        values['profile-version'],
        'profile-version',
        'the approved profile version id',
      ),
      parameters: {
        kekKeyId: required(values.kek, 'kek', 'the transport key (KEK, usage K0) id'),
        masterKeys: namedValues(values.key, 'key', 'USAGE=KEY_ID, e.g. E0=…'),
        issuerCertificates: namedValues(
          values['issuer-certificate'],
          'issuer-certificate',
          'APPLICATION_ID=CERTIFICATE_ID, e.g. credit-dda=…',
        ),
        pinKeyId: values['pin-key'],
        pinBlockFormat: pinFormat === undefined ? undefined : (Number(pinFormat) as 0 | 3 | 4),
        validationSample: oneOf(values.sample, 'sample', sampleModes) ?? 'percent',
      },
      oneTimeDownload: values['one-time-download'] === true,
      encoding: values.encoding,
      rejectionPolicy: values['accept-valid'] === undefined ? 'all-or-nothing' : 'accept-valid',
      acceptValidReason: values['accept-valid'],
    };
    const bureau = required(values.bureau, 'bureau', 'the code of the bureau the files are for, e.g. DEMO');
    const { workbench } = signedIn(io, values);
    const bureauId = await bureauIdOf(workbench, bureau);
    let uploadId = values.upload;
    if (values.file !== undefined) {
      const upload = await uploadCardholderFile(workbench, values.file);
      if (!values.json) printUpload(io, upload);
      uploadId = upload.uploadId;
    }
    const additionalUploads = Object.entries(inputUploads).map(([name, id]) => ({
      input: name,
      uploadId: id,
    }));
    for (const [name, file] of Object.entries(inputFiles)) {
      const upload = await uploadCardholderFile(workbench, file);
      if (!values.json) printUpload(io, upload);
      additionalUploads.push({ input: name, uploadId: upload.uploadId });
    }
    const job = await workbench.api.jobs.create.mutate({
      ...input,
      bureauId,
      uploadId,
      additionalUploads,
    } as ApiInput['jobs']['create']);
    const rejections =
      job.rejectedRows > 0 ? (await workbench.api.jobs.get.query({ jobId: job.id })).rejections : [];
    printResult(io, values.json, { ...job, rejections }, () => [
      `Job ${job.reference} created (id ${job.id}): ${job.acceptedRows} rows accepted, ${job.rejectedRows} rejected.`,
      ...rejections
        .slice(0, rejectionsShown)
        .map(
          (r) =>
            `  ${r.input === 'cardholder' ? '' : `${r.input} `}row ${r.rowNumber}, ${r.field}${r.value ? ` "${r.value}"` : ''}: ${r.reason}`,
        ),
      ...(rejections.length > rejectionsShown ? [`  and ${rejections.length - rejectionsShown} more`] : []),
      `Send it to the officers: npx dataprep jobs submit ${job.id}`,
    ]);
    return 0;
  },
};

type Transition = 'submit' | 'approve' | 'release';

async function transition(workbench: Workbench, action: Transition, jobId: string, overrideReason?: string) {
  if (action === 'submit') return workbench.api.jobs.submit.mutate({ jobId });
  if (action === 'approve') return workbench.api.jobs.approve.mutate({ jobId });
  return workbench.api.jobs.release.mutate({ jobId, overrideReason });
}

function jobTransition(action: Transition, summary: string): CliCommand {
  return {
    name: `jobs ${action}`,
    synopsis: action === 'release' ? 'JOB_ID [--override-reason REASON]' : 'JOB_ID',
    summary,
    async run(args, io) {
      const { values, positionals } = parseOptions(
        args,
        action === 'release' ? { ...serverOptions, 'override-reason': { type: 'string' } } : serverOptions,
        ['JOB_ID'],
      );
      const { workbench } = signedIn(io, values);
      const reason = (values as { 'override-reason'?: string })['override-reason'];
      const job = await transition(workbench, action, positionals[0]!, reason);
      printResult(io, values.json, job, () => [
        'approvals' in job
          ? `Job ${job.reference} is ${job.status}: ${job.approvals} of 2 approvals.${job.status === 'approved' ? ' It is queued for preparation.' : ''}`
          : `Job ${job.reference} is ${job.status}.`,
      ]);
      return 0;
    },
  };
}

export const jobsSubmit = jobTransition(
  'submit',
  'send a draft job to the officers (the analyst who created it)',
);
export const jobsApprove = jobTransition(
  'approve',
  'approve a submitted job (a security officer; two different officers, neither the maker)',
);
export const jobsRelease = jobTransition(
  'release',
  'release a validated job\u2019s files to the bureau (a security officer other than the maker); a job with failed sample cards needs --override-reason',
);

export const jobsRequirements: CliCommand = {
  name: 'jobs requirements',
  synopsis: '--profile-version ID',
  summary:
    'what a job on this profile version needs: the file layout, and the options to pass with their candidates',
  async run(args, io) {
    const { values } = parseOptions(args, { ...serverOptions, 'profile-version': { type: 'string' } });
    const profileVersionId = required(values['profile-version'], 'profile-version', 'the profile version id');
    const { workbench } = signedIn(io, values);
    const needs = await workbench.api.jobs.requirements.query({ profileVersionId });
    const candidates = (list: { id: string; label: string; kcv: string }[]) =>
      list.length === 0 ? ['    (none yet)'] : list.map((k) => `    ${k.id}  ${k.label}  KCV ${k.kcv}`);
    printResult(io, values.json, needs, () => [
      `Cardholder file: ${needs.inputLayout}`,
      ...needs.additionalInputs.map(
        (input) => `--input ${input.name}=FILE (${input.label}): ${input.inputLayout}; ${input.join}`,
      ),
      `Environment: ${needs.environment}`,
      '--kek KEY_ID (transport key, K0):',
      ...candidates(needs.keks),
      ...needs.masterKeys.flatMap((need) => [
        `--key ${need.usage}=KEY_ID (${need.name}):`,
        ...candidates(need.candidates),
      ]),
      ...needs.issuerCertificates.flatMap((need) => [
        `--issuer-certificate ${need.applicationId}=CERT_ID (${need.application}, CA ${need.rid} index ${need.caIndex}):`,
        ...(need.candidates.length === 0
          ? ['    (none yet)']
          : table(
              need.candidates.map((c) => [
                '   ',
                c.id,
                `issuer ${c.issuerIdentifier}`,
                `expires ${c.expiry}`,
              ]),
            )),
      ]),
      ...(needs.pin
        ? ['--pin-key KEY_ID --pin-format 0|3|4 (PIN key, P0):', ...candidates(needs.pin.candidates)]
        : []),
    ]);
    return 0;
  },
};
