// The admin token lives in sessionStorage only (issue 21): it goes with the tab, and no other tab or later visit
// finds it. Never localStorage, never a cookie (a cookie would also ride along on requests the console did not make).

const TOKEN = 'hokusai.adminToken';

export function getToken() {
  return sessionStorage.getItem(TOKEN);
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN, token);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN);
}
