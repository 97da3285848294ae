// Node-RED loads node modules with require(); our nodes are ESM, so the runtime leaves a registrar on globalThis.
module.exports = function registerTradelaneNodes(RED) {
  const registrar = globalThis[Symbol.for('tradelane.registerNodes')];
  if (typeof registrar !== 'function') {
    throw new Error('Tradelane node registrar missing: this node set only works inside the Tradelane runtime');
  }
  registrar(RED);
};
