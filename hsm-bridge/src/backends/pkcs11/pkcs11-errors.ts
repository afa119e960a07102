/** PKCS#11 errors carry their CKR_ name; pkcs11js puts it at the start of the message. */
export function pkcs11ErrorName(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /CKR_[A-Z_]+/.exec(message);
  return match ? match[0] : message;
}
