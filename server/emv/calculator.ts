/**
 * The EMV crypto calculator: everyday computations on CLEAR TEST KEYS, for analysts and officers
 * debugging a KCV or an ARQC mismatch. Pure: the web page and `npx dataprep calc` both call
 * `calculate`; the workbench refuses both in production mode.
 */
import { fromHex, toHex } from './bytes';
import { computeApplicationCryptogram, computeArpcMethod1, computeArpcMethod2 } from './crypto/cryptograms';
import { tdesCbcDecrypt, tdesCbcEncrypt, tdesEcbDecrypt, tdesEcbEncrypt } from './crypto/des';
import { deriveIccMasterKeyOptionA, deriveIccMasterKeyOptionB } from './crypto/icc-master-key';
import { aesKcvCmac, aesKcvGp, tdesKcv } from './crypto/kcv';
import { macAlgorithm1, macAlgorithm3 } from './crypto/mac';
import { buildPinBlockIso0, buildPinBlockIso1, buildPinBlockIso3 } from './crypto/pin-block';
import {
  deriveCommonSessionKey,
  deriveEmvAcSessionKey,
  deriveMastercardSessionKey,
} from './crypto/session-keys';

export type Calculation =
  | { operation: 'kcv'; key: string; method: 'tdes' | 'aes-cmac' | 'aes-gp' }
  | { operation: 'icc-master-key'; imk: string; pan: string; psn: string; option: 'A' | 'B' }
  | {
      operation: 'session-key';
      iccMk: string;
      method: 'emv-csk' | 'mc-skd' | 'common';
      atc?: string;
      un?: string;
      r?: string;
    }
  | { operation: 'arqc'; key: string; data: string; padding: 1 | 2 }
  | { operation: 'arpc'; key: string; arqc: string; method: 1; arc: string }
  | { operation: 'arpc'; key: string; arqc: string; method: 2; csu: string; proprietaryData?: string }
  | { operation: 'pin-block'; format: 0 | 1 | 3; pin: string; pan?: string; fill?: string }
  | { operation: 'mac'; key: string; data: string; algorithm: 1 | 3; padding: 1 | 2 | 3 }
  | {
      operation: 'tdes';
      key: string;
      data: string;
      mode: 'ecb' | 'cbc';
      direction: 'encrypt' | 'decrypt';
      iv?: string;
    };

export type CalculationResult = { label: string; value: string }[];

const hex = (value: string | undefined, name: string) => fromHex(value ?? '', name);

function kcvLines(key: Buffer, label = 'KCV'): CalculationResult {
  return [{ label, value: toHex(tdesKcv(key)) }];
}

/** Runs one calculation; throws a RangeError naming the field when an input is wrong. */
export function calculate(c: Calculation): CalculationResult {
  switch (c.operation) {
    case 'kcv': {
      const key = hex(c.key, 'key');
      const value =
        c.method === 'tdes' ? tdesKcv(key) : c.method === 'aes-cmac' ? aesKcvCmac(key) : aesKcvGp(key);
      return [{ label: 'KCV', value: toHex(value) }];
    }
    case 'icc-master-key': {
      const derive = c.option === 'A' ? deriveIccMasterKeyOptionA : deriveIccMasterKeyOptionB;
      const iccMk = derive(hex(c.imk, 'issuer master key'), c.pan, c.psn);
      return [{ label: 'ICC master key', value: toHex(iccMk) }, ...kcvLines(iccMk, 'ICC master key KCV')];
    }
    case 'session-key': {
      const iccMk = hex(c.iccMk, 'ICC master key');
      const sk =
        c.method === 'emv-csk'
          ? deriveEmvAcSessionKey(iccMk, hex(c.atc, 'ATC'))
          : c.method === 'mc-skd'
            ? deriveMastercardSessionKey(iccMk, hex(c.atc, 'ATC'), hex(c.un, 'unpredictable number'))
            : deriveCommonSessionKey(iccMk, hex(c.r, 'diversification value R'));
      return [{ label: 'Session key', value: toHex(sk) }, ...kcvLines(sk, 'Session key KCV')];
    }
    case 'arqc':
      return [
        {
          label: 'ARQC',
          value: toHex(
            computeApplicationCryptogram(hex(c.key, 'key'), hex(c.data, 'transaction data'), c.padding),
          ),
        },
      ];
    case 'arpc': {
      const key = hex(c.key, 'key');
      const arqc = hex(c.arqc, 'ARQC');
      const arpc =
        c.method === 1
          ? computeArpcMethod1(key, arqc, hex(c.arc, 'ARC'))
          : computeArpcMethod2(
              key,
              arqc,
              hex(c.csu, 'CSU'),
              hex(c.proprietaryData ?? '', 'proprietary authentication data'),
            );
      return [{ label: `ARPC (method ${c.method})`, value: toHex(arpc) }];
    }
    case 'pin-block': {
      const block =
        c.format === 0
          ? buildPinBlockIso0(c.pin, c.pan ?? '')
          : c.format === 1
            ? buildPinBlockIso1(c.pin, c.fill ?? '')
            : buildPinBlockIso3(c.pin, c.pan ?? '', c.fill ?? '');
      return [{ label: `PIN block (ISO 9564 format ${c.format})`, value: toHex(block) }];
    }
    case 'mac': {
      const mac = (c.algorithm === 1 ? macAlgorithm1 : macAlgorithm3)(
        hex(c.key, 'key'),
        hex(c.data, 'data'),
        c.padding,
      );
      return [
        { label: `MAC (ISO 9797-1 algorithm ${c.algorithm}, padding ${c.padding})`, value: toHex(mac) },
      ];
    }
    case 'tdes': {
      const key = hex(c.key, 'key');
      const data = hex(c.data, 'data');
      const iv = c.iv ? hex(c.iv, 'IV') : undefined;
      const out =
        c.mode === 'ecb'
          ? (c.direction === 'encrypt' ? tdesEcbEncrypt : tdesEcbDecrypt)(key, data)
          : (c.direction === 'encrypt' ? tdesCbcEncrypt : tdesCbcDecrypt)(key, data, iv);
      return [{ label: `TDES-${c.mode.toUpperCase()} ${c.direction}ed`, value: toHex(out) }];
    }
  }
}
