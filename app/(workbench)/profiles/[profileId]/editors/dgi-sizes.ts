import { buildDgis } from '../../../../../server/emv/profile/dgis';
import type { ApplicationTemplate } from '../../../../../server/emv/profile/schema/application';

/**
 * The size of each DGI's data field in bytes, as the preview builder makes it without a cardholder,
 * by position; undefined where it depends on the cardholder row or preparation (keys, certificates).
 */
export function dgiSizes(app: ApplicationTemplate): Array<number | undefined> {
  try {
    const built = buildDgis(app, { preparationDate: new Date().toISOString().slice(0, 10), cardholder: {} });
    return built.map((dgi) => (dgi.data === undefined ? undefined : dgi.data.length / 2));
  } catch {
    // A template mid-edit the builder cannot read: the checks say what is wrong; sizes are unknown.
    return [];
  }
}
