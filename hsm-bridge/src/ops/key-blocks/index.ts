import type { CommandHandlers } from '../handler';
import { cancelKeyCeremony } from './cancel-key-ceremony';
import { exportKeyBlock } from './export-key-block';
import { importKeyBlock } from './import-key-block';
import { startKeyCeremony } from './start-key-ceremony';
import { submitKeyComponent } from './submit-key-component';

export const keyBlockHandlers: CommandHandlers<
  'exportKeyBlock' | 'importKeyBlock' | 'startKeyCeremony' | 'submitKeyComponent' | 'cancelKeyCeremony'
> = { exportKeyBlock, importKeyBlock, startKeyCeremony, submitKeyComponent, cancelKeyCeremony };
