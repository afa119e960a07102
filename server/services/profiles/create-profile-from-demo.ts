import { z } from 'zod';
import { DEMO_PROFILE_FILES, demoProfiles } from '../../emv/profile';
import { requireRole, type ServiceContext } from '../context';
import { insertNewProfile } from './new-profile';

const demoFiles = Object.keys(DEMO_PROFILE_FILES) as [
  keyof typeof DEMO_PROFILE_FILES,
  ...(keyof typeof DEMO_PROFILE_FILES)[],
];
export const demoProfileFile = z.enum(demoFiles);

/** The demo profiles that ship with the product, by file, with the name and description they carry. */
export function listDemoProfiles() {
  const documents = demoProfiles();
  return demoFiles.map((file, i) => ({
    file,
    name: documents[i]!.name,
    description: documents[i]!.description ?? '',
    applications: documents[i]!.applications.map((app) => app.name),
  }));
}

export const createProfileFromDemoInput = z.object({
  demo: demoProfileFile,
  /** The new profile's name (it replaces the demo's $.name); the demo's own name when absent. */
  name: z.string().trim().min(3, 'A profile name has at least 3 characters').max(120).optional(),
});

/** An analyst starts a new profile from one of the demo profiles, under a name of their own. */
export async function createProfileFromDemo(
  ctx: ServiceContext,
  input: z.infer<typeof createProfileFromDemoInput>,
) {
  requireRole(ctx, 'analyst');
  const demo = demoProfiles()[demoFiles.indexOf(input.demo)]!;
  const document = { ...demo, name: input.name ?? demo.name };
  return insertNewProfile(ctx, document, {
    action: 'profile.create-from-demo',
    details: { demo: input.demo },
    note: `Started from the demo profile ${input.demo}`,
  });
}
