// Counsellor console entry point (/counsellor/): the page's words and footer, the shared staff
// login, and the desk with its chat panels and its mailbox.
import { prepareLoginCrypto } from '../crypto/login';
import { pinnedRootKey } from '../crypto/root_key';
import { byId } from '../dom';
import { showRootFingerprint } from '../footer';
import { consoleTextForBrowser, applyDocumentText } from '../i18n/i18n';
import { LeaveWarning } from '../leave_warning';
import { browserSchedule } from '../scheduler';
import { staffCrypto } from '../staff/staff_crypto';
import { StaffPage } from '../staff/staff_page';
import { ChatBoard } from './chat_board';
import { Desk } from './desk';
import { DeskBarView } from './desk_view';
import { MailboxSectionView } from './mailbox/mailbox_view';

const text = consoleTextForBrowser();
applyDocumentText(text, 'counsellor.title');
showRootFingerprint({ rootFingerprint: text.t('footer.rootFingerprint'), noRootKey: text.t('footer.noRootKey') });

const page = new StaffPage({
  text,
  signedInSection: byId('desk', HTMLElement),
  crypto: staffCrypto,
  cryptoLoading: prepareLoginCrypto().then(() => true, () => false),
});
const board = new ChatBoard(text, byId('chats', HTMLElement), byId('no-chats', HTMLElement),
  byId('chats-heading', HTMLElement), byId('announcer', HTMLElement));
// The bar's controls call the desk, which is made next (they cannot be used before it exists).
const deskBar = new DeskBarView(text, {
  toggleDuty: () => desk.toggleDuty(),
  setCapacity: (capacity) => desk.setCapacity(capacity),
});
// The mailbox's controls call the desk's mailbox, made with the desk below.
const mailboxView = new MailboxSectionView(text, {
  open: (boxId) => desk.mailbox.open(boxId),
  close: () => desk.mailbox.close(),
  reply: (reply): boolean => desk.mailbox.reply(reply),
});
// While chats go on, a reload or a closed tab would leave people waiting: ask first, and reconnect soon.
const leaveWarning = new LeaveWarning();
const desk: Desk = new Desk({
  send: page.send,
  view: deskBar,
  createChatView: board.create,
  mailboxView,
  rootKey: pinnedRootKey,
  wipe: staffCrypto.wipe,
  now: () => Date.now(),
  schedule: browserSchedule,
  chatsOpenChanged: (open) => {
    leaveWarning.set(open);
    page.setUrgent(open);
  },
});

page.start({
  wrongRoleKey: 'counsellor.notCounsellor',
  accepts: (role) => role === 'counsellor',
  start: (account, wrap, resumed) => {
    deskBar.showAccount(account.pseudonym);
    desk.start(account, wrap, resumed);
  },
  handle: (message) => desk.handle(message),
  connectionLost: () => desk.connectionLost(),
  stop: () => {
    desk.stop();
    board.reset();
  },
});
