// The one moment a plaintext key is visible (create, rotate): shown in a dialog, then dropped from the page.
import { byId } from './dom.js';

export function showSecret(apiKey, note) {
  const dialog = byId('secret-dialog');
  byId('secret-note').textContent = note;
  byId('secret-value').value = apiKey;
  byId('secret-copied').textContent = '';
  dialog.showModal();
  byId('secret-value').select();
}

async function copy() {
  const input = byId('secret-value');
  try {
    // navigator.clipboard exists only in secure contexts (https or localhost); an admin on plain http inside the
    // cluster still gets a copy through the selection.
    if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(input.value);
    else {
      input.select();
      if (!document.execCommand('copy')) throw new Error('copy refused');
    }
    byId('secret-copied').textContent = 'Copied to the clipboard.';
  } catch {
    input.select();
    byId('secret-copied').textContent = 'Copy was refused by the browser: the key is selected, press Ctrl+C.';
  }
}

export function initSecretDialog() {
  byId('secret-copy').addEventListener('click', copy);
  // The key leaves the DOM with the dialog, so it cannot be read back from the page later.
  byId('secret-dialog').addEventListener('close', () => {
    byId('secret-value').value = '';
  });
}
