import { router } from '../../trpc';
import { createApplicationTemplate, listApplicationTemplates } from './application-templates';
import { createCardTemplate, listCardTemplates } from './card-templates';

export const profilesRouter = router({
  listApplicationTemplates,
  createApplicationTemplate,
  listCardTemplates,
  createCardTemplate,
});
