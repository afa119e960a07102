'use client';

import { Field, Select } from '../../../../_components/ui/form-field';
import {
  DERIVATIONS,
  ICC_EXPONENTS,
  OFFLINE_PIN_OPTIONS,
  cvnImplies,
  iccKeyFit,
  ridOf,
  setIccKey,
  setIssuerKey,
  setMasterKey,
  setOfflinePin,
  type KeyDerivation,
  type OfflinePin,
} from '../../../../../server/emv/profile/builders/keys';
import { asTemplate } from '../../../../../server/emv/profile/editors';
import { MASTER_KEY_USAGES, type MasterKeyUsage } from '../../../../../server/emv/profile/schema/application';
import { InlineChecks, issuesFor } from './inline-checks';
import type { SectionProps } from './section-props';
import { ValidatedInput } from './validated-input';

const USAGES = Object.entries(MASTER_KEY_USAGES) as Array<[MasterKeyUsage, string]>;

/** Book 2 6.1 and Table 5: RSA moduli of 512 to 1984 bits, whole bytes. */
function modulusProblem(what: string) {
  return (text: string) =>
    /^\d{3,4}$/.test(text) && Number(text) >= 512 && Number(text) <= 1984 && Number(text) % 8 === 0
      ? undefined
      : `The ${what} length must be a whole number of bytes: a multiple of 8 from 512 to 1984 bits`;
}

/**
 * Keys and PIN of the application: issuer master keys by TR-31 usage with their derivation (Book 2
 * A1.4), the CVN and the session key method it implies, the issuer RSA key and CA index (8F, under the
 * RID of the AID), the ICC RSA key with how it fits the issuer key and the records, and the offline
 * PIN. The secret DGIs follow every change.
 */
export function KeysEditor({ app, appPath, disabled, edit, groups, checking }: SectionProps) {
  const template = asTemplate(app);
  const { keys } = template;
  const issuer = keys.issuerPublicKey;
  const icc = keys.iccKey;
  const fit = iccKeyFit(template);
  const rid = ridOf(app.identity.aid);
  const editKeys = (change: (a: ReturnType<typeof asTemplate>) => void) => edit((a) => change(asTemplate(a)));
  return (
    <div className="space-y-6">
      <section className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-800">Issuer master keys</h3>
        <p className="text-xs text-slate-500">
          The HSM derives each card key from the issuer master key of its usage (TR-31). DGI 8000 carries the
          AC, SMI and SMC card keys, encrypted; 9000 their check values.
        </p>
        <table className="w-full text-sm" data-testid="master-keys">
          <tbody>
            {USAGES.map(([usage, label]) => {
              const key = keys.masterKeys.find((k) => k.usage === usage);
              return (
                <tr key={usage} className="border-t border-slate-100">
                  <td className="py-1.5 pr-3">
                    <label className="flex items-center gap-2">
                      <input
                        type="checkbox"
                        aria-label={`Use ${usage} ${label}`}
                        checked={key !== undefined}
                        disabled={disabled}
                        onChange={(e) =>
                          editKeys((a) => setMasterKey(a, usage, e.target.checked ? 'option-a' : undefined))
                        }
                      />
                      <span className="font-mono text-xs">{usage}</span> {label}
                    </label>
                  </td>
                  <td className="w-96 py-1.5">
                    {key ? (
                      <Select
                        aria-label={`${usage} derivation`}
                        value={key.derivation}
                        disabled={disabled}
                        onChange={(e) =>
                          editKeys((a) => setMasterKey(a, usage, e.target.value as KeyDerivation))
                        }
                      >
                        {DERIVATIONS.map(([value, text]) => (
                          <option key={value} value={value}>
                            {text}
                          </option>
                        ))}
                      </Select>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <p className="text-xs text-slate-600" data-testid="cvn-implies">
          Cryptogram version {app.cryptogram.cvn} (set under Identity): {cvnImplies(template)}.
        </p>
      </section>

      <section className="space-y-2">
        <label className="flex items-center gap-2 text-sm font-semibold text-slate-800">
          <input
            type="checkbox"
            checked={issuer !== undefined}
            disabled={disabled}
            onChange={(e) =>
              editKeys((a) =>
                setIssuerKey(
                  a,
                  e.target.checked ? { keyLabel: 'issuer-rsa', caIndex: '92', modulusBits: 1152 } : undefined,
                ),
              )
            }
          />
          Issuer RSA key (SDA, DDA, CDA, enciphered PIN)
        </label>
        {issuer ? (
          <div className="grid gap-4 md:grid-cols-3">
            <ValidatedInput
              id="issuer-key-label"
              label="Issuer key label"
              value={issuer.keyLabel}
              disabled={disabled}
              hint="The label of the issuer key pair in the HSM."
              check={(text) =>
                text.trim() === '' || text.length > 80
                  ? 'The key label must be 1 to 80 characters'
                  : undefined
              }
              onCommit={(text) => editKeys((a) => setIssuerKey(a, { ...issuer, keyLabel: text }))}
            />
            <ValidatedInput
              id="issuer-ca-index"
              label="CA public key index (8F)"
              mono
              value={issuer.caIndex}
              disabled={disabled}
              hint={
                rid
                  ? `The CA key that certifies the issuer key: RID ${rid} (from the AID) with this index.`
                  : 'The RID comes from the AID, which is not valid yet.'
              }
              check={(text) =>
                /^[0-9A-F]{2}$/.test(text)
                  ? undefined
                  : 'The CA index must be 1 byte of upper-case hex, e.g. 92'
              }
              onCommit={(text) => editKeys((a) => setIssuerKey(a, { ...issuer, caIndex: text }))}
            />
            <ValidatedInput
              id="issuer-modulus"
              label="Issuer key length (bits)"
              mono
              value={String(issuer.modulusBits)}
              disabled={disabled}
              check={modulusProblem('issuer key')}
              onCommit={(text) => editKeys((a) => setIssuerKey(a, { ...issuer, modulusBits: Number(text) }))}
            />
          </div>
        ) : null}
      </section>

      <section className="space-y-2">
        <label className="flex items-center gap-2 text-sm font-semibold text-slate-800">
          <input
            type="checkbox"
            checked={icc !== undefined}
            disabled={disabled}
            onChange={(e) =>
              editKeys((a) =>
                setIccKey(
                  a,
                  e.target.checked
                    ? {
                        modulusBits: Math.min(1024, a.keys.issuerPublicKey?.modulusBits ?? 1024),
                        exponent: 65537,
                      }
                    : undefined,
                ),
              )
            }
          />
          ICC RSA key (DDA, CDA), made per card by the HSM
        </label>
        {icc ? (
          <div className="grid gap-4 md:grid-cols-3">
            <ValidatedInput
              id="icc-modulus"
              label="ICC key length (bits)"
              mono
              value={String(icc.modulusBits)}
              disabled={disabled}
              hint={
                fit.maxBits ? `At most ${fit.maxBits} bits: the issuer key's length (Book 2 6.1).` : undefined
              }
              check={modulusProblem('ICC key')}
              onCommit={(text) => editKeys((a) => setIccKey(a, { ...icc, modulusBits: Number(text) }))}
            />
            <Field label="ICC key exponent" htmlFor="icc-exponent">
              <Select
                id="icc-exponent"
                value={icc.exponent}
                disabled={disabled}
                onChange={(e) =>
                  editKeys((a) =>
                    setIccKey(a, {
                      ...icc,
                      exponent: Number(e.target.value) as (typeof ICC_EXPONENTS)[number],
                    }),
                  )
                }
              >
                {ICC_EXPONENTS.map((exponent) => (
                  <option key={exponent} value={exponent}>
                    {exponent === 3 ? '3' : '65537 (2^16 + 1)'}
                  </option>
                ))}
              </Select>
            </Field>
            <div
              className="rounded-md border border-slate-200 bg-slate-50 p-3 text-xs"
              data-testid="icc-key-fit"
            >
              <p>
                {fit.remainderBytes > 0
                  ? `${fit.remainderBytes} bytes of the ICC modulus go in 9F48 ICC Public Key Remainder (${fit.remainderPlaced ? 'placed' : 'not placed'}).`
                  : 'The ICC modulus fits in its certificate: no 9F48 needed.'}
              </p>
              {fit.records.map((record) => (
                <p key={`${record.sfi}.${record.number}`}>
                  SFI {record.sfi} record {record.number}: about {record.bytes ?? '?'} of 252 bytes.
                </p>
              ))}
              {fit.problems.length === 0 ? (
                <p className="text-emerald-700">The ICC key fits the issuer key and the records.</p>
              ) : (
                fit.problems.map((problem) => (
                  <p key={problem} className="text-red-700">
                    {problem}
                  </p>
                ))
              )}
            </div>
          </div>
        ) : null}
      </section>

      <section className="grid gap-4 md:grid-cols-2">
        <Field
          label="Offline PIN"
          htmlFor="pin-offline"
          hint="On: DGI 8010 carries the PIN block, 9010 the try counter."
        >
          <Select
            id="pin-offline"
            value={keys.pin.offline}
            disabled={disabled}
            onChange={(e) => editKeys((a) => setOfflinePin(a, e.target.value as OfflinePin))}
          >
            {OFFLINE_PIN_OPTIONS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </Select>
        </Field>
        <ValidatedInput
          id="pin-try-limit"
          label="PIN try limit (9F17 starts there)"
          mono
          value={String(keys.pin.tryLimit)}
          disabled={disabled}
          check={(text) =>
            /^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= 15
              ? undefined
              : 'The PIN try limit must be a whole number from 1 to 15'
          }
          onCommit={(text) => editKeys((a) => void (a.keys.pin.tryLimit = Number(text)))}
        />
      </section>
      <InlineChecks
        checking={checking}
        issues={issuesFor(groups, [`${appPath}.keys`, `${appPath}.cps`], 'oda-', appPath)}
      />
    </div>
  );
}
