// Supervisor dashboard entry point (/supervisor/): the page's words and footer, the shared staff
// login (supervisor and admin accounts only), and the live dashboard. No chat content, ever.
import { prepareLoginCrypto } from '../crypto/login';
import { showRootFingerprint } from '../footer';
import { consoleTextForBrowser } from '../staff/console_strings';
import { byId } from '../staff/dom';
import { applyDocumentText } from '../staff/page_text';
import { staffCrypto } from '../staff/staff_crypto';
import { StaffPage } from '../staff/staff_page';
import { DashboardFeed } from './dashboard_feed';
import { DashboardView } from './dashboard_view';

const text = consoleTextForBrowser();
applyDocumentText(text, 'supervisor.title');
showRootFingerprint({ rootFingerprint: text.t('footer.rootFingerprint'), noRootKey: text.t('footer.noRootKey') });

const page = new StaffPage({
  text,
  signedInSection: byId('dashboard', HTMLElement),
  crypto: staffCrypto,
  cryptoLoading: prepareLoginCrypto().then(() => true, () => false),
});
const view = new DashboardView(text);
view.clear();
const feed = new DashboardFeed({
  send: page.send,
  display: view,
  now: () => Date.now(),
  every: (callback, ms) => {
    const timer = setInterval(callback, ms);
    return () => clearInterval(timer);
  },
});

page.start({
  wrongRoleKey: 'supervisor.notSupervisor',
  accepts: (role) => role === 'supervisor' || role === 'admin',
  // Supervisors have no identity key: the login's wrap has no use here.
  start: (_account, wrap) => {
    if (wrap) staffCrypto.wipe(wrap);
    feed.start();
  },
  handle: (message) => feed.handle(message),
  connectionLost: () => feed.connectionLost(),
  stop: () => feed.stop(),
});
