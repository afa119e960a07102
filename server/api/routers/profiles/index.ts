import { router } from '../../trpc';
import { diffVersions } from './diff-profile-versions';
import { exportJson } from './export-profile-version';
import { checkJson, getVersion } from './get-profile-version';
import { createBlank, createFromDemo, importJson } from './create-profile';
import { listDemos, listProfiles } from './list-profiles';
import { previewVersion } from './preview-profile-version';
import { approveVersion, rejectVersion, submitVersion } from './review-profile-version';
import { saveVersion } from './save-profile-version';
import { searchDictionary } from './search-data-dictionary';

export const profilesRouter = router({
  list: listProfiles,
  demos: listDemos,
  importJson,
  createFromDemo,
  createBlank,
  get: getVersion,
  checkJson,
  saveVersion,
  submit: submitVersion,
  approve: approveVersion,
  reject: rejectVersion,
  exportJson,
  diff: diffVersions,
  preview: previewVersion,
  dictionary: searchDictionary,
});
