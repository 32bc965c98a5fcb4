// The console's entry: sign-in and sign-out, the navigation, and the wiring of each view's module.
import { api, whenUnauthorized } from './api.js';
import { byId, showMessage } from './dom.js';
import { initCreateForm } from './create-form.js';
import { confirmRevoke, initKeyActions, startRotate } from './key-actions.js';
import { initKeyView, openKey } from './key-view.js';
import { initKeysView, loadKeys } from './keys-view.js';
import { initPlatformView } from './platform-view.js';
import { clearToken, getToken, setToken } from './session.js';
import { showView, wireDialogs } from './views.js';

function signedIn(on) {
  byId('nav').hidden = !on;
  byId('sign-out').hidden = !on;
  if (on) {
    showView('keys-view');
    loadKeys();
  } else {
    showView('signin-view');
    byId('signin-token').focus();
  }
}

async function signIn(event) {
  event.preventDefault();
  const input = byId('signin-token');
  const token = input.value.trim();
  showMessage(byId('signin-error'), '');
  try {
    // The cheapest admin call proves the token; on a wrong one the API's own sentence is shown.
    await api('/api/v1/keys', { query: { limit: 1 }, token });
    setToken(token);
    input.value = '';
    signedIn(true);
  } catch (err) {
    showMessage(byId('signin-error'), err.message);
  }
}

function signOut(message) {
  clearToken();
  signedIn(false);
  if (message) showMessage(byId('signin-error'), message);
}

function start() {
  wireDialogs();
  byId('signin-form').addEventListener('submit', signIn);
  byId('sign-out').addEventListener('click', () => signOut());
  for (const b of document.querySelectorAll('#nav [data-view]')) {
    b.addEventListener('click', () => {
      showView(b.dataset.view);
      if (b.dataset.view === 'keys-view') loadKeys();
    });
  }
  // A token that stopped working mid-session (ADMIN_TOKEN changed) sends the admin back to sign-in with the reason.
  whenUnauthorized((err) => signOut(err.message));
  initKeysView({ onOpen: openKey, onRevoke: confirmRevoke, onRotate: startRotate });
  initKeyActions();
  initCreateForm();
  initKeyView();
  initPlatformView();
  signedIn(Boolean(getToken()));
}

start();
