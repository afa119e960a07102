import { router } from '../../trpc';
import { cancelCeremony, getCeremony, listCeremonies, startCeremony, submitComponent } from './ceremonies';
import { changeKeyStatus } from './change-key-status';
import { generateKey } from './generate-key';
import { listKeys } from './list-keys';

export const keysRouter = router({
  list: listKeys,
  generate: generateKey,
  changeStatus: changeKeyStatus,
  ceremonies: router({
    list: listCeremonies,
    get: getCeremony,
    start: startCeremony,
    submitComponent,
    cancel: cancelCeremony,
  }),
});
