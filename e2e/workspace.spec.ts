// The workspace comes back when the app starts again: language, open views, and
// the last session's script, ready to replay.
import { expect, test } from './fixtures';

test('the workspace and the last session survive a restart of the page', async ({ playground: app }) => {
  const page = app.page;
  await app.run('import socket');
  await app.run("probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)");
  await app.setLanguage('zh');
  await page.getByTestId('traffic-tab-sequence').click();
  await page.getByTestId('sockets-tab-servers').click();
  await page.getByTestId('console-tab-script').click();

  await page.reload();
  await expect(page.getByTestId('sockets-tab-servers')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByTestId('traffic-tab-sequence')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('sockets-tab-servers')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('console-tab-script')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('script-last-session').click();
  await expect(page.getByTestId('script-step')).toHaveCount(2);
  await expect(page.getByTestId('script-step').nth(1)).toContainText('probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)');
});
