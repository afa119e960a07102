import type { EditableApplication, EditableProfile } from '../../../../../server/emv/profile/editors';
import type { IssueGroupView } from '../types';

/** What every editor section of one application gets from the editors frame. */
export interface SectionProps {
  profile: EditableProfile;
  app: EditableApplication;
  index: number;
  /** "$.applications[0]". */
  appPath: string;
  disabled: boolean;
  /** Changes the application (and, when needed, the profile) in the unsaved text. */
  edit: (change: (app: EditableApplication, profile: EditableProfile) => void) => void;
  groups: IssueGroupView[] | undefined;
  checking: boolean;
}
