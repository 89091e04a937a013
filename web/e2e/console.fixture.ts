import type { Page } from 'playwright-core';
import { waitFor } from '../../server/src/test/email.fixture';
import type { PortalStack } from './portal-stack.harness';

/** The console sign-in links in the `count`th email SendGrid was asked to send to `email` (waits for it). */
export async function consoleLinks(stack: PortalStack, email: string, count = 1): Promise<string[]> {
  const mail = await waitFor(async () => {
    const mails = stack.sendgrid.mails.filter((m) => m.personalizations[0].to[0].email === email);
    return mails.length >= count ? mails[count - 1] : null;
  }, `email ${count} to ${email}`);
  const text: string = mail.content.find((c: { type: string }) => c.type === 'text/plain').value;
  return [...text.matchAll(/(https?:\/\/\S+\/app\/auth\?token=[\w-]+(?:&next=[\w%.~*'()!-]+)?)/g)].map(
    (match) => match[1],
  );
}

/** How many emails went to `email` so far. */
export const mailCount = (stack: PortalStack, email: string) =>
  stack.sendgrid.mails.filter((m) => m.personalizations[0].to[0].email === email).length;

/**
 * A member signs in the way a person does: the address on /app/login, the
 * link from the email, the button; ends on the page they were sent to.
 */
export async function signInToConsole(page: Page, stack: PortalStack, email: string): Promise<void> {
  const before = mailCount(stack, email);
  await page.goto(`${stack.origin}/app/login`);
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  const [link] = await consoleLinks(stack, email, before + 1);
  await page.goto(link);
  await page.getByRole('button', { name: 'Continue to the console' }).click();
  await page.locator('.console-header').waitFor();
}

/** A console navigation link, by its name. */
export async function goTo(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}
