import { Card, CardBody, CardHeader } from '../../../_components/ui/card';
import { ErrorNotice, Loading } from '../../../_components/ui/states';
import { errorMessage } from '../../../_trpc/client';
import { CheckCounts } from '../profile-status';
import { ProfileChecks } from './profile-checks';
import type { VersionDraft } from './use-version-draft';

/** The checks of the version, or of the unsaved changes once the latest edit has been checked. */
export function VersionChecks({ draft }: { draft: VersionDraft }) {
  const { checks, dirty, version, liveError } = draft;
  return (
    <Card>
      <CardHeader
        title={dirty ? 'Checks of your unsaved changes' : `Checks of version ${version.number}`}
        description={
          checks ? <CheckCounts errors={checks.errors} warnings={checks.warnings} /> : 'Checking as you type…'
        }
      />
      <CardBody>
        {liveError ? <ErrorNotice message={errorMessage(liveError)} /> : null}
        {checks ? <ProfileChecks groups={checks.groups} /> : <Loading label="Checking…" />}
      </CardBody>
    </Card>
  );
}
