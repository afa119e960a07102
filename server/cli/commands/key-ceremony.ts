import {
  integer,
  newKeyOptions,
  newKeyValues,
  parseOptions,
  required,
  serverOptions,
  UsageError,
} from '../cli-args';
import { printResult, table, type CliCommand } from '../cli-command';
import {
  ceremonyKeyFingerprint,
  componentKcv,
  encryptComponent,
  parseComponent,
  type CeremonyAlgorithm,
} from '../ceremony-component';
import { CommandFailure, signedIn, type ApiInput } from '../workbench/workbench-client';

export const ceremonyStart: CliCommand = {
  name: 'keys ceremony start',
  synopsis: '--label LABEL --usage USAGE --algorithm ALGORITHM --components 2|3',
  summary: 'open a key ceremony: the key is entered as clear components by different officers',
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...serverOptions,
      ...newKeyOptions,
      components: { type: 'string' },
    });
    const input = {
      ...newKeyValues(values, 'the TR-31 key usage, e.g. K0 for a transport key'),
      components: integer(required(values.components, 'components', '2 or 3'), 'components'),
    };
    const { workbench } = signedIn(io, values);
    const { id } = await workbench.api.keys.ceremonies.start.mutate(
      input as ApiInput['keys']['ceremonies']['start'],
    );
    const ceremony = await workbench.api.keys.ceremonies.get.query({ ceremonyId: id });
    printResult(
      io,
      values.json,
      {
        id,
        publicKeyFingerprint: ceremony.publicKeyFingerprint,
        expiresAt: ceremony.expiresAt,
        components: ceremony.components,
      },
      () => [
        `Ceremony ${id} is open for ${ceremony.label} (${ceremony.usage}, ${ceremony.algorithm}, ${ceremony.components} components) until ${ceremony.expiresAt.toISOString()}.`,
        `Ceremony key fingerprint: ${ceremony.publicKeyFingerprint}`,
        `Each custodian enters one component: npx dataprep keys ceremony component ${id} --component-stdin`,
      ],
    );
    return 0;
  },
};

export const ceremonyComponent: CliCommand = {
  name: 'keys ceremony component',
  synopsis: 'CEREMONY_ID --component-stdin [--index N] [--kcv KCV]',
  summary:
    'enter your clear component, read from standard input only; its KCV is computed here and it travels encrypted to the HSM',
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...serverOptions,
        'component-stdin': { type: 'boolean' },
        index: { type: 'string' },
        kcv: { type: 'string' },
      },
      ['CEREMONY_ID'],
    );
    if (!values['component-stdin']) {
      throw new UsageError(
        'a component is read from standard input only (--component-stdin), never from the command line',
      );
    }
    const ceremonyId = positionals[0]!;
    const { workbench, session } = signedIn(io, values);
    const ceremony = await workbench.api.keys.ceremonies.get.query({ ceremonyId });
    if (ceremony.status !== 'open') throw new CommandFailure(`This key ceremony is ${ceremony.status}.`);
    if (ceremony.entered.some((entry) => entry.mine)) {
      throw new CommandFailure(
        `${session.username} has already entered a component of this key: each component needs a different custodian.`,
      );
    }
    const free = Array.from({ length: ceremony.components }, (_, i) => i + 1).filter(
      (i) => !ceremony.entered.some((entry) => entry.componentIndex === i),
    );
    const index = integer(values.index, 'index') ?? free[0];
    if (index === undefined) throw new CommandFailure('Every component of this ceremony has been entered.');
    if (!free.includes(index)) {
      throw new CommandFailure(`Component ${index} is not open; the open components are ${free.join(', ')}.`);
    }
    const algorithm = ceremony.algorithm as CeremonyAlgorithm;
    const component = parseComponent(await io.readStdin(), algorithm);
    if (typeof component === 'string') throw new CommandFailure(component);
    try {
      const kcv = componentKcv(component, algorithm);
      const expected = values.kcv?.replace(/\s+/g, '').toUpperCase();
      if (expected !== undefined && expected !== kcv) {
        throw new CommandFailure(
          `The component read has KCV ${kcv}, but your component sheet says ${expected}: nothing was sent. Enter the component again.`,
        );
      }
      const fingerprint = ceremonyKeyFingerprint(ceremony.publicKeySpki);
      if (fingerprint !== ceremony.publicKeyFingerprint) {
        throw new CommandFailure('The ceremony key does not match its fingerprint: nothing was sent.');
      }
      const receipt = await workbench.api.keys.ceremonies.submitComponent.mutate({
        ceremonyId,
        componentIndex: index,
        encryptedComponent: encryptComponent(ceremony.publicKeySpki, component),
        componentKcv: kcv,
      });
      printResult(io, values.json, { componentIndex: index, ...receipt }, () => [
        `Component ${index} of ${ceremony.components} accepted by the HSM, KCV ${receipt.componentKcv} (ceremony key ${fingerprint.slice(0, 16)}…).`,
        receipt.complete
          ? `All components are in: key ${ceremony.label} created, id ${receipt.keyId}, KCV ${receipt.kcv}.`
          : `${free.length - 1} more component${free.length - 1 === 1 ? '' : 's'} to enter, each by another custodian.`,
      ]);
    } finally {
      component.fill(0);
    }
    return 0;
  },
};

export const ceremonyList: CliCommand = {
  name: 'keys ceremony list',
  synopsis: '',
  summary: 'key ceremonies: open, completed and cancelled',
  async run(args, io) {
    const { values } = parseOptions(args, serverOptions);
    const { workbench } = signedIn(io, values);
    const ceremonies = await workbench.api.keys.ceremonies.list.query();
    printResult(io, values.json, ceremonies, () =>
      ceremonies.length === 0
        ? ['No key ceremonies yet.']
        : table([
            ['ID', 'LABEL', 'USAGE', 'ALGORITHM', 'COMPONENTS', 'STATUS', 'KCV'],
            ...ceremonies.map((c) => [
              c.id,
              c.label,
              c.usage,
              c.algorithm,
              String(c.components),
              c.status,
              c.finalKcv ?? '',
            ]),
          ]),
    );
    return 0;
  },
};
