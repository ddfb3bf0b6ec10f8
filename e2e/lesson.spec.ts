// A lesson in Chinese, step by step: the explanation of each step, the current
// line, what the step points at, and the run to the end.
import { expect, test } from './fixtures';

test.use({ locale: 'zh-CN' });

test('step through a lesson in Chinese', async ({ playground: app }) => {
  const page = app.page;
  await page.getByTestId('console-tab-script').click();
  await expect(page.getByTestId('console-tab-script')).toHaveText('脚本');
  const lessons = page.getByTestId('script-lessons');
  await expect(lessons.locator('option')).toHaveCount(10); // the placeholder and nine lessons
  await lessons.selectOption('05-tcp-server-and-client');
  await expect(page.getByTestId('script-title')).toHaveText(/TCP/);
  await expect(page.getByTestId('script-title')).toHaveText(/[\u4e00-\u9fff]/);
  const steps = page.getByTestId('script-step');
  const explain = page.getByTestId('script-explain');
  await expect(steps.first()).toHaveAttribute('aria-current', 'step');
  await expect(explain).toHaveText(/[\u4e00-\u9fff]/);

  // Three steps, one at a time: each ends, the next is current, its explanation shows.
  for (let i = 0; i < 3; i++) {
    const before = await explain.textContent();
    await page.getByTestId('script-next').click();
    await expect(steps.nth(i)).toHaveAttribute('data-status', /ok|error/);
    await expect(steps.nth(i + 1)).toHaveAttribute('aria-current', 'step');
    await expect(explain).not.toHaveText(before!);
  }
  // The lesson's sockets are real: they are in the sockets panel.
  await expect(page.getByTestId('socket-item').first()).toBeVisible();

  await page.getByTestId('script-to-end').click();
  await expect(page.getByTestId('script-done')).toContainText('脚本已经运行到结尾。');
  await expect(page.locator('[data-testid="script-step"][data-status="pending"]')).toHaveCount(0);
  const total = await steps.count();
  await expect(page.getByTestId('script-progress')).toHaveText(`已运行 ${total} / ${total} 步`);
  // Restart: a fresh session and the first step again.
  await page.getByTestId('script-restart').click();
  await expect(steps.first()).toHaveAttribute('aria-current', 'step');
  await expect(page.getByTestId('socket-item')).toHaveCount(0);
});
