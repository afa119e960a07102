import { Forbidden } from '../../forbidden';
import { userWithArea } from '../../session';
import { ProfileDesigner } from './profile-designer';

export default async function ProfilePage({
  params,
  searchParams,
}: {
  params: Promise<{ profileId: string }>;
  searchParams: Promise<{ version?: string }>;
}) {
  const { user, allowed } = await userWithArea('profiles');
  if (!allowed) return <Forbidden />;
  const { profileId } = await params;
  const { version } = await searchParams;
  const number = version && /^\d{1,6}$/.test(version) ? Number(version) : undefined;
  return (
    <ProfileDesigner
      key={profileId}
      profileId={profileId}
      versionNumber={number}
      viewer={{ id: user.id, role: user.role }}
    />
  );
}
