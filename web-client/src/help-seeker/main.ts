// Help-seeker page entry point: wires the page view, the state machine, the server socket and
// the quick exit together, and loads libsodium for the handshake.
import { cryptoReady } from '../crypto/keys';
import { pinnedRootKey } from '../crypto/root_key';
import { initialLanguage } from '../i18n/i18n';
import { LeaveWarning } from '../leave_warning';
import { ServerSocket } from '../net/server_socket';
import { browserSchedule } from '../scheduler';
import { HelpSeekerApp } from './app';
import { MailboxApp } from './mailbox/mailbox_app';
import { MailboxLink } from './mailbox/mailbox_link';
import { installQuickExit, leavePage } from './quick_exit';
import { PageView } from './views/page_view';

// First of all, so that the way out works even if something below fails. The quick exit never
// asks "leave this page?": the question is disarmed before anything else happens.
let app: HelpSeekerApp | undefined;
let mailbox: MailboxApp | undefined;
const leaveWarning = new LeaveWarning();
installQuickExit(document.getElementById('quick-exit'), () => {
  try {
    leaveWarning.disarm();
    mailbox?.quickExit();
    app?.quickExit();
  } finally {
    leavePage(); // whatever happened above, the page goes
  }
});

const view = new PageView();
// The socket reports to the app, which needs the socket: the events look the app up when they come.
const socket = new ServerSocket({
  opened: () => app?.opened(),
  message: (message) => app?.message(message),
  dropped: () => app?.dropped(),
});
app = new HelpSeekerApp({
  view,
  connection: socket,
  rootKey: pinnedRootKey,
  nowMs: () => Date.now(),
  schedule: browserSchedule,
  language: initialLanguage(navigator.languages),
  leaveGuard: leaveWarning,
});
view.bind(app);

// The mailbox: its own socket (the place in the queue is kept), the same view's screens.
const page = app;
const link = new MailboxLink((events) => new ServerSocket({
  opened: () => events.opened(), message: (message) => events.received(message), dropped: () => events.dropped(),
}));
mailbox = new MailboxApp({
  view: view.mailbox, link, rootKey: pinnedRootKey, nowMs: () => Date.now(),
  context: () => page.mailboxContext(), startChat: (lane, thread) => page.chatFromMailbox(lane, thread),
});
view.mailbox.bind(mailbox);
view.onPageTookOver = () => mailbox?.pageTookOver();

const started = app;
cryptoReady().then(() => started.cryptoLoaded(true), () => started.cryptoLoaded(false));
