// The dashboard shell: login, navigation by URL hash, and live updates by polling the page that is
// open every few seconds.
import { get, post, setCsrfToken, whenLoggedOut } from './api.js';
import { h, replace } from './dom.js';
import { configPage } from './pages/config.js';
import { cursorsPage } from './pages/cursors.js';
import { deadLettersPage } from './pages/dead-letters.js';
import { overviewPage } from './pages/overview.js';
import { recordPage } from './pages/record.js';
import { reportsPage } from './pages/reports.js';
import { searchPage } from './pages/search.js';
import { usagePage } from './pages/usage.js';

const POLL_MS = 5000;
const pages = {
  overview: overviewPage,
  search: searchPage,
  record: recordPage,
  'dead-letters': deadLettersPage,
  cursors: cursorsPage,
  reports: reportsPage,
  config: configPage,
  usage: usagePage,
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const status = document.getElementById('status');
let session = null;
let timer = null;
let generation = 0;

function parseHash() {
  const [path, search] = location.hash.replace(/^#\/?/, '').split('?');
  const [name, ...rest] = (path || 'overview').split('/');
  return { name, rest, params: new URLSearchParams(search ?? '') };
}

export function flash(message, kind = '') {
  status.textContent = message;
  status.className = kind;
}

function showLogin(message) {
  session = null;
  clearInterval(timer);
  nav.hidden = true;
  who.hidden = true;
  const error = h('p.error', { id: 'login-error' }, message ?? '');
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const form = h(
    'form.card.login',
    {
      onsubmit: async (event) => {
        event.preventDefault();
        try {
          const answer = await post('/login', { username: username.value, password: password.value });
          startSession(answer);
        } catch (e) {
          error.textContent = e.status === 429 ? 'Too many failed logins. Wait a while and try again.' : e.message;
        }
      },
    },
    h('h1', {}, 'Log in to Koppla'),
    h('label', { for: 'username' }, 'Username'),
    username,
    h('label', { for: 'password' }, 'Password'),
    password,
    h('button.primary', { type: 'submit' }, 'Log in'),
    error,
  );
  replace(main, form);
  username.focus();
}

function startSession(answer) {
  session = answer;
  setCsrfToken(answer.csrfToken);
  nav.hidden = false;
  who.hidden = false;
  document.getElementById('who-name').textContent = `${answer.username} (${answer.role})`;
  route();
}

async function route() {
  if (!session) return;
  clearInterval(timer);
  const mine = ++generation;
  const { name, rest, params } = parseHash();
  const page = pages[name] ?? overviewPage;
  for (const link of nav.querySelectorAll('a')) link.classList.toggle('active', link.getAttribute('href') === `#/${name}`);
  const ctx = {
    session,
    canChange: session.role === 'operator',
    params,
    rest,
    flash,
    go: (hash) => {
      location.hash = hash;
    },
  };
  const root = h('section', { id: `page-${name}` });
  replace(main, root);
  let refresh;
  try {
    refresh = await page(root, ctx);
  } catch (e) {
    replace(root, h('p.error', {}, e.message));
    return;
  }
  if (typeof refresh === 'function' && mine === generation) {
    timer = setInterval(async () => {
      if (document.hidden || mine !== generation) return;
      try {
        await refresh();
        flash(`Updated ${new Date().toLocaleTimeString()}`);
      } catch (e) {
        flash(e.message, 'error');
      }
    }, POLL_MS);
  }
}

document.getElementById('logout').addEventListener('click', async () => {
  try {
    await post('/logout');
  } finally {
    setCsrfToken(null);
    location.hash = '#/overview';
    showLogin('Logged out.');
  }
});

whenLoggedOut(() => showLogin('Your session has ended. Please log in again.'));
window.addEventListener('hashchange', route);

get('/session').then(startSession, () => showLogin());
