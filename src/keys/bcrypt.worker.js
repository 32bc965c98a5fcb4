'use strict';
// Plain CommonJS so the same file runs from src/ under Jest and from dist/ (ARCHITECTURE.md, Jest).
const bcrypt = require('bcryptjs');

/**
 * key-hasher.ts sends one of these two shapes; the type-aware linter reads this JSDoc type.
 * @param {{ op: 'hash', secret: string, rounds: number } | { op: 'compare', secret: string, hash: string }} task
 */
module.exports = function bcryptTask(task) {
  if (task.op === 'hash') return bcrypt.hashSync(task.secret, task.rounds);
  return bcrypt.compareSync(task.secret, task.hash);
};
