'use strict';
// Plain CommonJS so the same file runs from src/ under Jest and from dist/ (ARCHITECTURE.md, Jest).
const bcrypt = require('bcryptjs');

module.exports = function bcryptTask(task) {
  if (task.op === 'hash') return bcrypt.hashSync(task.secret, task.rounds);
  return bcrypt.compareSync(task.secret, task.hash);
};
