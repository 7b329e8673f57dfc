// SPDX-License-Identifier: Apache-2.0
// Debian's Chromium, headless, as root: no sandbox, and no background networking (the
// machine's closed network refuses it, and every start would try).
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
