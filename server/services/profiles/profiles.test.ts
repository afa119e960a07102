import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProfileVersion } from '../../../db/queries/profiles';
import { DEMO_PROFILE_FILES, demoProfiles, exportProfile, type ProfileDocument } from '../../emv/profile';
import type { HsmBridgeClient } from '../../hsm/bridge-client';
import { databaseKinds, freshDatabase } from '../../test-support/databases';
import {
  auditEventsFor,
  rejectionOf,
  seedWorkbench,
  type SeededWorkbench,
} from '../../test-support/workbench';
import { approveProfileVersion } from './approve-profile-version';
import { checkProfileJson } from './check-profile-json';
import { createBlankProfile, createBlankProfileInput } from './create-blank-profile';
import { createProfileFromDemo } from './create-profile-from-demo';
import { diffProfileVersions } from './diff-profile-versions';
import { exportProfileVersion } from './export-profile-version';
import { getProfileVersion } from './get-profile-version';
import { importProfile } from './import-profile';
import { listProfiles } from './list-profiles';
import { previewProfileVersion, SECRET_DESCRIPTOR } from './preview-profile-version';
import { rejectProfileVersion } from './reject-profile-version';
import { saveProfileVersion } from './save-profile-version';
import { submitProfileVersion } from './submit-profile-version';

/** The designer never calls the HSM: any use of the bridge fails the test. */
const noBridge = new Proxy({} as HsmBridgeClient, {
  get() {
    throw new Error('the profile designer must not call the HSM bridge');
  },
});

/** The credit demo with 9F37 taken out of CDOL1, which CVN 18 computes the cryptogram over. */
function withoutUnpredictableNumber(profile: ProfileDocument): ProfileDocument {
  const copy = structuredClone(profile);
  const app = copy.applications[0]!;
  app.dols.cdol1 = app.dols.cdol1!.filter((entry) => entry.tag !== '9F37');
  return copy;
}

describe.each(databaseKinds)('card profile designer on %s', (kind) => {
  let handle: Awaited<ReturnType<typeof freshDatabase>>;
  let w: SeededWorkbench;
  beforeAll(async () => {
    handle = await freshDatabase(kind);
    w = await seedWorkbench(handle.db, noBridge);
  });
  afterAll(() => handle.close());

  it('imports a profile from JSON as version 1, and reports format problems at their JSON path', async () => {
    const credit = demoProfiles()[0]!;
    const json = exportProfile({ ...credit, name: 'Imported credit' });
    const { profile, version } = await importProfile(w.ctx.analyst, { json, fileName: 'credit.json' });
    expect([profile.name, version.number, version.status]).toEqual(['Imported credit', 1, 'draft']);
    expect(version.checkSummary).toEqual({ errors: 0, warnings: 0, errorCodes: [] });
    expect((await auditEventsFor(handle.db, profile.id)).map((e) => e.action)).toEqual(['profile.import']);

    const broken = JSON.parse(json) as { applications: Array<{ identity: { aid: string } }> };
    broken.applications[0]!.identity.aid = 'F000';
    const refused = await rejectionOf(
      importProfile(w.ctx.analyst, { json: JSON.stringify({ ...broken, name: 'Broken' }) }),
    );
    expect(refused.code).toBe('INVALID_INPUT');
    expect(refused.message).toBe(
      'The profile JSON has 1 problem: $.applications[0].identity.aid: must be 5 to 16 bytes of hex',
    );
    expect((refused as unknown as { details: unknown }).details).toEqual({
      problems: [{ path: '$.applications[0].identity.aid', message: 'must be 5 to 16 bytes of hex' }],
    });
    const notJson = await rejectionOf(importProfile(w.ctx.analyst, { json: '{"format": ' }));
    expect(notJson.message).toMatch(/^The profile JSON has 1 problem: \$: not valid JSON: /);
    const twice = await rejectionOf(importProfile(w.ctx.analyst, { json }));
    expect([twice.code, twice.message]).toEqual([
      'CONFLICT',
      'A profile named “Imported credit” already exists: open it and save a new version, or give this one another name ($.name).',
    ]);
    const byOfficer = await rejectionOf(importProfile(w.ctx.officer1, { json }));
    expect([byOfficer.code, byOfficer.message]).toEqual([
      'FORBIDDEN',
      'Your role does not allow this action.',
    ]);
  });

  it('starts a profile from scratch: one blank application whose checks say what it lacks', async () => {
    const input = {
      name: 'From scratch',
      bin: '99990100',
      currency: '978',
      country: '276',
      application: { name: 'Credit', aid: 'F0000000011010', family: 'generic', interfaces: 'contact' },
    } as const;
    const { profile, version } = await createBlankProfile(w.ctx.analyst, input);
    expect([profile.name, version.number, version.status]).toEqual(['From scratch', 1, 'draft']);
    expect(version.checkSummary).toEqual({
      errors: 3,
      warnings: 0,
      errorCodes: ['afl-empty', 'cdol-missing'],
    });
    const events = await auditEventsFor(handle.db, profile.id);
    expect(events.map((e) => [e.action, e.details])).toEqual([
      [
        'profile.create-blank',
        expect.objectContaining({ application: { aid: 'F0000000011010', family: 'generic' } }),
      ],
    ]);
    const byOfficer = await rejectionOf(createBlankProfile(w.ctx.officer1, { ...input, name: 'Other' }));
    expect(byOfficer.code).toBe('FORBIDDEN');
    const badAid = createBlankProfileInput.safeParse({
      ...input,
      application: { ...input.application, aid: 'F000' },
    });
    expect(badAid.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['application.aid', 'must be 5 to 16 bytes of hex'],
    ]);
  });

  it('saves versions, refuses to submit one with errors (listing them), and submits the fixed one', async () => {
    const { profile, version: v1 } = await createProfileFromDemo(w.ctx.analyst, {
      demo: 'generic-credit-vsdc-style-dda.json',
      name: 'Credit under design',
    });
    const broken = withoutUnpredictableNumber(demoProfiles()[0]!);
    const v2 = await saveProfileVersion(w.ctx.analyst, {
      profileId: profile.id,
      json: exportProfile({ ...broken, name: 'Credit under design' }),
      note: 'shorter CDOL1',
    });
    expect([v1.number, v2.version.number, v2.version.status]).toEqual([1, 2, 'draft']);
    expect(v2.version.checkSummary).toEqual({ errors: 1, warnings: 0, errorCodes: ['cdol1-cvn'] });

    const opened = await getProfileVersion(w.ctx.analyst, { profileId: profile.id, number: 2 });
    expect(opened.versions.map((v) => [v.number, v.status, v.authorName])).toEqual([
      [2, 'draft', 'Alice Analyst'],
      [1, 'draft', 'Alice Analyst'],
    ]);
    expect(opened.version.canSubmit).toBe(false);
    expect(opened.version.groups.map((g) => [g.title, g.errors, g.warnings])).toEqual([
      ['Demo credit (VSDC-style, DDA) (credit-dda)', 1, 0],
      ['Card template and whole profile', 0, 0],
    ]);
    expect(opened.version.groups[0]!.issues[0]).toMatchObject({
      path: '$.applications[0].dols.cdol1',
      tag: '9F37',
      tagName: 'Unpredictable Number',
      code: 'cdol1-cvn',
    });

    const refused = await rejectionOf(submitProfileVersion(w.ctx.analyst, { versionId: v2.version.id }));
    expect([refused.code, refused.message]).toEqual([
      'CONFLICT',
      '“Credit under design” version 2 cannot be submitted while the checks report 1 error: $.applications[0].dols.cdol1 (9F37 Unpredictable Number): 8C CDOL1 lacks 9F37 Unpredictable Number, which CVN 12 (CVN 18: EMV common session key) computes the cryptogram over',
    ]);

    const v3 = await saveProfileVersion(w.ctx.analyst, { profileId: profile.id, json: opened.version.json });
    expect(v3.version.number).toBe(3);
    const badJson = await rejectionOf(
      saveProfileVersion(w.ctx.analyst, {
        profileId: profile.id,
        json: opened.version.json.replace('"format": "emv-dataprep-profile"', '"format": "other"'),
      }),
    );
    expect(badJson.message).toBe(
      'The profile JSON has 1 problem: $.format: Invalid input: expected "emv-dataprep-profile"',
    );
    const fixed = structuredClone(demoProfiles()[0]!);
    const v4 = await saveProfileVersion(w.ctx.analyst, {
      profileId: profile.id,
      json: exportProfile({ ...fixed, name: 'Credit under design' }),
    });
    const submitted = await submitProfileVersion(w.ctx.analyst, { versionId: v4.version.id });
    expect([submitted.number, submitted.status]).toEqual([4, 'submitted']);
    const again = await rejectionOf(submitProfileVersion(w.ctx.analyst, { versionId: v4.version.id }));
    expect(again.message).toBe(
      '“Credit under design” version 4 is submitted; only a draft can be submitted. Save a new version to change it.',
    );

    const diff = await diffProfileVersions(w.ctx.officer1, {
      fromVersionId: v1.id,
      toVersionId: v2.version.id,
    });
    expect(diff.changes.map((c) => c.message)).toEqual([
      'Demo credit (VSDC-style, DDA) (credit-dda) › Card Risk Management Data Object List 1 (CDOL1) (8C) › Unpredictable Number (9F37): removed (length 4)',
    ]);
    const listed = (await listProfiles(w.ctx.officer1)).find((p) => p.id === profile.id);
    expect(listed).toMatchObject({
      name: 'Credit under design',
      latestNumber: 4,
      latestStatus: 'submitted',
      approvedNumber: null,
    });
  });

  it('an officer other than the author approves; the author is refused and the refusal audited', async () => {
    const { profile, version } = await createProfileFromDemo(w.ctx.analyst, {
      demo: 'generic-debit-mchip-style-cda.json',
      name: 'Debit for approval',
    });
    const draft = await rejectionOf(approveProfileVersion(w.ctx.officer1, { versionId: version.id }));
    expect(draft.message).toBe(
      '“Debit for approval” version 1 is a draft; the analyst must submit it before it can be approved.',
    );
    await submitProfileVersion(w.ctx.analyst, { versionId: version.id });
    const byAuthor = await rejectionOf(approveProfileVersion(w.ctx.analyst, { versionId: version.id }));
    expect([byAuthor.code, byAuthor.message]).toEqual([
      'FORBIDDEN',
      'You wrote “Debit for approval” version 1; a security officer other than its author must approve it.',
    ]);
    const byAuditor = await rejectionOf(approveProfileVersion(w.ctx.auditor, { versionId: version.id }));
    expect(byAuditor.message).toBe('Your role does not allow this action.');

    const approved = await approveProfileVersion(w.ctx.officer1, { versionId: version.id });
    expect([approved.status, approved.approvedBy]).toEqual(['approved', w.ctx.officer1.user.id]);
    expect(approved.approvedAt).toBeInstanceOf(Date);

    const events = (await auditEventsFor(handle.db, version.id)).map((e) => [
      e.action,
      e.result,
      e.actorName,
      (e.details as { reason?: string }).reason ?? null,
    ]);
    expect(events).toEqual([
      ['profile.submit', 'success', 'Alice Analyst', null],
      [
        'profile.approve',
        'refused',
        'Alice Analyst',
        'You wrote “Debit for approval” version 1; a security officer other than its author must approve it.',
      ],
      ['profile.approve', 'success', 'Oscar Officer', null],
    ]);
    const listed = (await listProfiles(w.ctx.analyst)).find((p) => p.id === profile.id);
    expect([listed?.latestStatus, listed?.approvedNumber]).toEqual(['approved', 1]);
  });

  it('an officer rejects a submitted version with a reason; the author cannot', async () => {
    const { version } = await createProfileFromDemo(w.ctx.analyst, {
      demo: 'emv-cpa-contact-contactless.json',
      name: 'CPA for rejection',
    });
    await submitProfileVersion(w.ctx.analyst, { versionId: version.id });
    const byAuthor = await rejectionOf(
      rejectProfileVersion(w.ctx.analyst, { versionId: version.id, reason: 'my own' }),
    );
    expect(byAuthor.code).toBe('FORBIDDEN');
    const rejected = await rejectProfileVersion(w.ctx.officer2, {
      versionId: version.id,
      reason: 'Use the production BIN range',
    });
    expect([rejected.status, rejected.rejectionReason]).toEqual(['rejected', 'Use the production BIN range']);
    const approve = await rejectionOf(approveProfileVersion(w.ctx.officer1, { versionId: version.id }));
    expect(approve.message).toBe(
      '“CPA for rejection” version 1 was rejected; the analyst must save and submit a new version.',
    );
  });

  it('keeps an approved version immutable: in the services and in the database itself', async () => {
    const { profile, version } = await createProfileFromDemo(w.ctx.analyst, {
      demo: 'generic-credit-vsdc-style-dda.json',
      name: 'Credit approved',
    });
    await submitProfileVersion(w.ctx.analyst, { versionId: version.id });
    await approveProfileVersion(w.ctx.officer2, { versionId: version.id });
    const before = await findProfileVersion(handle.db, { id: version.id });

    const resubmit = await rejectionOf(submitProfileVersion(w.ctx.analyst, { versionId: version.id }));
    expect(resubmit.message).toBe(
      '“Credit approved” version 1 is approved; approved versions are immutable.',
    );
    const reapprove = await rejectionOf(approveProfileVersion(w.ctx.officer1, { versionId: version.id }));
    expect(reapprove.message).toBe(
      '“Credit approved” version 1 is already approved; approved versions are immutable.',
    );
    const reject = await rejectionOf(
      rejectProfileVersion(w.ctx.officer1, { versionId: version.id, reason: 'changed my mind' }),
    );
    expect(reject.message).toBe('“Credit approved” version 1 is approved; approved versions are immutable.');
    // Editing an approved version makes version 2; version 1 stays as approved.
    const edited = withoutUnpredictableNumber(demoProfiles()[0]!);
    const v2 = await saveProfileVersion(w.ctx.analyst, {
      profileId: profile.id,
      json: exportProfile({ ...edited, name: 'Credit approved' }),
    });
    expect([v2.version.number, v2.version.status]).toEqual([2, 'draft']);
    expect(await findProfileVersion(handle.db, { id: version.id })).toEqual(before);

    const updateDocument = await rejectionOf(
      handle.db.execute(
        sql`update card_profile_versions set document = '{}'::jsonb where id = ${version.id}`,
      ),
    );
    expect(updateDocument.message + String((updateDocument as { cause?: Error }).cause?.message)).toContain(
      'card_profile_versions: version 1 is approved and immutable: UPDATE refused',
    );
    const updateStatus = await rejectionOf(
      handle.db.execute(sql`update card_profile_versions set status = 'draft' where id = ${version.id}`),
    );
    expect(updateStatus.message + String((updateStatus as { cause?: Error }).cause?.message)).toContain(
      'approved and immutable: UPDATE refused',
    );
    const remove = await rejectionOf(
      handle.db.execute(sql`delete from card_profile_versions where id = ${version.id}`),
    );
    expect(remove.message + String((remove as { cause?: Error }).cause?.message)).toContain(
      'approved and immutable: DELETE refused',
    );
    const draftDocument = await rejectionOf(
      handle.db.execute(
        sql`update card_profile_versions set document = '{}'::jsonb where id = ${v2.version.id}`,
      ),
    );
    expect(draftDocument.message + String((draftDocument as { cause?: Error }).cause?.message)).toContain(
      'the document of version 2 never changes; save a new version',
    );
    expect(await findProfileVersion(handle.db, { id: version.id })).toEqual(before);
  });

  it.each(Object.keys(DEMO_PROFILE_FILES))('exports %s exactly as imported (round trip)', async (file) => {
    const demo = demoProfiles()[Object.keys(DEMO_PROFILE_FILES).indexOf(file)]!;
    const json = exportProfile({ ...demo, name: `Round trip ${file}` });
    const { version } = await importProfile(w.ctx.analyst, { json, fileName: file });
    const exported = await exportProfileVersion(w.ctx.officer1, { versionId: version.id });
    expect(exported.json).toBe(json);
    expect(exported.fileName).toBe(`round-trip-${file.replace('.json', '')}-json-v1.json`);
    const again = await importProfile(w.ctx.analyst, {
      json: exported.json.replace(`Round trip ${file}`, `Round trip again ${file}`),
    });
    expect((await exportProfileVersion(w.ctx.analyst, { versionId: again.version.id })).json).toBe(
      exported.json.replace(`Round trip ${file}`, `Round trip again ${file}`),
    );
    const events = await auditEventsFor(handle.db, version.id);
    expect(events.at(-1)).toMatchObject({ action: 'profile.export', actorName: 'Oscar Officer' });
  });

  it('previews every DGI with names for a made-up cardholder, secrets only as descriptors', async () => {
    const { version } = await createProfileFromDemo(w.ctx.analyst, {
      demo: 'generic-debit-mchip-style-cda.json',
      name: 'Debit preview',
    });
    const preview = await previewProfileVersion(w.ctx.analyst, { versionId: version.id });
    expect(preview.applications.map((a) => a.id)).toEqual(['pse', 'debit-cda']);
    const debit = preview.applications[1]!;
    expect(debit.dgis.map((d) => d.dgi)).toEqual([
      '0101',
      '0201',
      '0202',
      '0301',
      '0302',
      '9102',
      '9104',
      'A001',
      '8000',
      '9000',
      '8010',
      '9010',
      '8201',
      '8202',
      '8203',
      '8204',
      '8205',
    ]);
    const keys = debit.dgis.find((d) => d.dgi === '8000')!;
    expect([keys.encrypted, keys.summary, keys.data, keys.bytes]).toEqual([
      true,
      `Card master keys (MK-AC ‖ MK-SMI ‖ MK-SMC …): ${SECRET_DESCRIPTOR}`,
      undefined,
      undefined,
    ]);
    const record = debit.dgis.find((d) => d.dgi === '0201')!;
    expect(record.tree[0]).toMatchObject({ tag: '70', name: 'READ RECORD Response Message Template' });
    expect(record.tree[0]!.children![0]).toMatchObject({
      tag: '5A',
      name: 'Application Primary Account Number (PAN)',
      display: '999902******0010',
    });
    expect(preview.cardholder[0]).toEqual({ column: 'pan', value: '999902******0010' });
    expect(preview.surface.embossing.map((line) => line.name)).toEqual(['PAN', 'Validity', 'Cardholder']);
    // Not even the made-up PAN is shown in full, anywhere: embossing, tracks, record hex.
    const shown = JSON.stringify(preview);
    expect(shown).not.toMatch(/9999020*0010|9999 02\d\d \d{4} 0010/);
    expect(shown).toContain('999902******0010');
  });

  it('checks unsaved JSON: format problems at their path, then the designer checks', () => {
    const bad = checkProfileJson(w.ctx.analyst, { json: '{"format": "emv-dataprep-profile"}' });
    expect(bad.wellFormed).toBe(false);
    expect(bad.groups.at(-1)!.issues[0]).toMatchObject({ path: '$.version', code: 'schema' });
    const cdol = checkProfileJson(w.ctx.analyst, {
      json: exportProfile(withoutUnpredictableNumber(demoProfiles()[0]!)),
    });
    expect([cdol.wellFormed, cdol.errors, cdol.groups[0]!.issues[0]!.tagName]).toEqual([
      true,
      1,
      'Unpredictable Number',
    ]);
  });
});
