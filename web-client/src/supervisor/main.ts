// Supervisor dashboard entry point (/supervisor/): the page's words and footer, the shared staff
// login (supervisor and admin accounts only), the live dashboard, the charts of the last 24 hours
// and 30 days, and the report export. No chat content, ever.
import { prepareLoginCrypto } from '../crypto/login';
import { byId } from '../dom';
import { showRootFingerprint } from '../footer';
import { consoleTextForBrowser, applyDocumentText } from '../i18n/i18n';
import { browserRepeat } from '../scheduler';
import { staffCrypto } from '../staff/staff_crypto';
import { StaffPage } from '../staff/staff_page';
import { DashboardFeed } from './dashboard_feed';
import { DashboardView } from './dashboard_view';
import { ReportExport } from './report_export';
import { downloadText, ReportView } from './report_view';
import { StatsFeed } from './stats_feed';
import { StatsView } from './stats_view';

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
const feed = new DashboardFeed({ send: page.send, display: view, now: () => Date.now(), every: browserRepeat });

// Each view's controls call its logic, which shows itself through the view: the closures run
// only on a click, after both exist.
const statsView = new StatsView(text, (range) => stats.choose(range));
const stats = new StatsFeed({ send: page.send, display: statsView, every: browserRepeat });
statsView.clear();
const reportView = new ReportView(text, (first, last) => report.request(first, last));
const report = new ReportExport({ send: page.send, download: downloadText, showState: (state) => reportView.showState(state) });

page.start({
  wrongRoleKey: 'supervisor.notSupervisor',
  accepts: (role) => role === 'supervisor' || role === 'admin',
  // Supervisors have no identity key: the login's wrap has no use here.
  start: (_account, wrap) => {
    if (wrap) staffCrypto.wipe(wrap);
    feed.start();
    stats.start();
  },
  handle: (message) => {
    if (stats.handle(message) || report.handle(message)) return;
    feed.handle(message);
  },
  connectionLost: () => {
    feed.connectionLost();
    report.connectionLost();
  },
  stop: () => {
    feed.stop();
    stats.stop();
    report.stop();
    reportView.resetDates();
  },
});
