// The ES module build of webcrypto-liner: its "browser" build replaces window.crypto globally.
declare module 'webcrypto-liner/build/index.es.js' {
  export const Crypto: new () => globalThis.Crypto;
}
