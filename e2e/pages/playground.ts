// Page object for the whole app: the sockets panel, the method panel, the console
// and the traffic log, addressed through data-testid only.
import { expect, type Locator, type Page } from '@playwright/test';

export type Family = 'AF_INET' | 'AF_INET6' | 'AF_UNIX';
export type SockType = 'SOCK_STREAM' | 'SOCK_DGRAM';

export class PlaygroundPage {
  constructor(readonly page: Page) {}

  async ready(): Promise<void> {
    await this.page.getByTestId('new-socket').waitFor();
    await expect(this.page.getByTestId('connection-banner')).toHaveCount(0);
  }

  // --- sockets panel -------------------------------------------------------

  get socketList(): Locator {
    return this.page.getByTestId('socket-list');
  }

  /** The socket item one of whose console names is `name`. */
  socket(name: string): Locator {
    return this.page.locator(`[data-testid="socket-item"][data-names~="${name}"]`);
  }

  async newSocket(family: Family = 'AF_INET', type: SockType = 'SOCK_STREAM'): Promise<string> {
    const before = await this.page.getByTestId('socket-item').count();
    const form = this.page.locator('.new-socket-form');
    await form.locator('select').nth(0).selectOption(family);
    await form.locator('select').nth(1).selectOption(type);
    await this.page.getByTestId('new-socket').click();
    await expect(this.page.getByTestId('socket-item')).toHaveCount(before + 1);
    const item = this.page.getByTestId('socket-item').last();
    return (await item.getAttribute('data-names'))!.split(' ')[0];
  }

  async select(name: string): Promise<void> {
    await this.socket(name).click();
    await expect(this.socket(name)).toHaveAttribute('aria-selected', 'true');
  }

  async expectState(name: string, state: string): Promise<void> {
    await expect(this.socket(name).getByTestId('socket-state')).toHaveAttribute('data-state', state);
  }

  /** The port of the socket's local address as the panel shows it. */
  async localPort(name: string): Promise<number> {
    const text = (await this.socket(name).locator('.socket-addr code').first().textContent()) ?? '';
    const m = /, (\d+)/.exec(text);
    if (!m) throw new Error(`no local port shown for ${name}: ${text}`);
    return Number(m[1]);
  }

  // --- method panel (for the selected socket) ------------------------------

  card(method: string): Locator {
    return this.page.locator(`[data-testid="method-card"][data-method="${method}"]`);
  }

  /** Fills the card's fields (by their accessible names) and presses Call; returns its outcome box. */
  async call(method: string, fields: Record<string, string> = {}): Promise<Locator> {
    const card = this.card(method);
    for (const [label, value] of Object.entries(fields)) {
      const field = card.getByLabel(label, { exact: true });
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await this.page.getByTestId(`method-${method}`).click();
    return card.getByTestId('method-outcome');
  }

  // --- console --------------------------------------------------------------

  get consoleOutput(): Locator {
    return this.page.getByTestId('console-output');
  }

  /** Types a statement and presses Enter (the REPL's way); returns its console entry. */
  async type(source: string): Promise<Locator> {
    const entries = this.consoleOutput.getByTestId('console-entry');
    const before = await entries.count();
    const input = this.page.getByTestId('console-input');
    await input.fill(source);
    await input.press('Enter');
    await expect(input).toHaveValue('');
    await expect(entries).toHaveCount(before + 1);
    return entries.nth(before);
  }

  /** Runs a statement to its end and returns what it printed (empty for None), as the REPL shows it. */
  async run(source: string): Promise<string> {
    const entry = await this.type(source);
    await expect(entry).not.toHaveAttribute('data-status', 'running');
    return (await entry.locator('pre').allTextContents()).join('\n');
  }

  // --- traffic log ----------------------------------------------------------

  logRows(filter: { kind?: 'call' | 'state' | 'data'; direction?: 'in' | 'out'; text?: string | RegExp } = {}): Locator {
    let sel = '[data-testid="log-row"]';
    if (filter.kind) sel += `[data-kind="${filter.kind}"]`;
    if (filter.direction) sel += `[data-direction="${filter.direction}"]`;
    const rows = this.page.getByTestId('traffic-log').locator(sel);
    return filter.text === undefined ? rows : rows.filter({ hasText: filter.text });
  }

  /**
   * Shows only data events in the log. The log draws only the rows on screen, so a
   * data row a few dozen events back may not be in the page at all: filtered, the
   * data rows of a short test are all on screen.
   */
  async showOnlyData(): Promise<void> {
    const toggle = this.page.getByTestId('log-filter-data');
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  }

  /** Opens a log row's details pane and returns it. */
  async openLogRow(row: Locator): Promise<Locator> {
    await row.click();
    const details = this.page.getByTestId('log-details');
    await details.waitFor();
    return details;
  }

  // --- kernel view ----------------------------------------------------------

  /** Opens the traffic panel's kernel tab; returns the view. */
  async openKernelView(): Promise<Locator> {
    await this.page.getByTestId('traffic-tab-kernel').click();
    const view = this.page.getByTestId('kernel-view');
    await view.waitFor();
    return view;
  }

  /** The kernel's row for the socket one of whose console names is `name` (its first name). */
  kernelRow(name: string): Locator {
    return this.page.locator(`[data-testid="kernel-row"][data-socket="${name}"]`);
  }

  /** Rows of outside programs' sockets talking to the socket named `name`. */
  kernelPeers(name: string): Locator {
    return this.page.locator(`[data-testid="kernel-row"][data-role="peer"][data-related="${name}"]`);
  }

  // --- sequence diagram -----------------------------------------------------

  /** Opens the traffic panel's sequence tab; returns the view. */
  async openSequenceView(): Promise<Locator> {
    await this.page.getByTestId('traffic-tab-sequence').click();
    const view = this.page.getByTestId('sequence-view');
    await view.waitFor();
    return view;
  }

  /** The diagram's lanes, left to right (sockets carry data-name, outside peers data-peer). */
  get seqLanes(): Locator {
    return this.page.getByTestId('seq-lane');
  }

  /** The lane index of the socket named `name` (arrows name their lanes by index in data-from / data-to). */
  async seqLane(name: string): Promise<number> {
    const names = await this.seqLanes.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    const k = names.indexOf(name);
    if (k < 0) throw new Error(`no lane for ${name}: ${names.join(', ')}`);
    return k;
  }

  /** Arrows of a kind (connect, synack, accept, data, fin, rst), optionally from and to given lanes. */
  seqArrows(kind: string, from?: number, to?: number): Locator {
    let sel = `[data-testid="seq-arrow"][data-kind="${kind}"]`;
    if (from !== undefined) sel += `[data-from="${from}"]`;
    if (to !== undefined) sel += `[data-to="${to}"]`;
    return this.page.getByTestId('sequence-view').locator(sel);
  }

  /** Scrolls the diagram to its first or last rows (only rows near the screen are drawn). */
  async scrollSequence(where: 'top' | 'bottom'): Promise<void> {
    await this.page.getByTestId('seq-scroller').evaluate((el, w) => {
      el.scrollTop = w === 'top' ? 0 : el.scrollHeight;
    }, where);
  }

  // --- header ---------------------------------------------------------------

  async setLanguage(lang: 'en' | 'zh'): Promise<void> {
    const current = (await this.page.locator('html').getAttribute('lang')) ?? '';
    if (current.startsWith(lang)) return;
    await this.page.getByTestId('lang-switch').click();
    await expect(this.page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en');
  }
}
