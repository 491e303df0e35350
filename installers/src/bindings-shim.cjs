// Stands in for the `bindings` package inside the bundled host: the native
// addon sits beside the host executable, where the installer put it.
const path = require('node:path');

module.exports = function bindings(name) {
  const file = path.join(process.env.ORS_HOST_DIR || path.dirname(process.execPath), `${String(name).replace(/\.node$/, '')}.node`);
  const mod = { exports: {} };
  process.dlopen(mod, file);
  return mod.exports;
};
