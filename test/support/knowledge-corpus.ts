/** Fixture content shared by the knowledge tests: a small shop's help content. */
import { chunkSections } from '../../src/knowledge/chunk.ts';
import { faqPassages } from '../../src/knowledge/faq.ts';
import { parseDocument } from '../../src/knowledge/parse/document.ts';
import type { FaqEntry, KnowledgeSource } from '../../src/knowledge/types.ts';

export const RETURNS_MARKDOWN = `---
title: Returns policy
---

We want you to love what you ordered. If something is not right, you can send it back.

## Return window {#returns}

You have 30 days from delivery to return an item for a full refund. Items must be unused, in
their original packaging, with tags attached. Sale items can be returned within 14 days.

## How to return an item

To start a return:

1. Sign in and open your order history.
2. Choose the item and print the prepaid return label.
3. Drop the parcel at any post office.

## Refunds

Refunds are issued to the original payment method within 5 business days after we receive the
parcel. Shipping costs are not refundable unless the item arrived damaged.

## Exchanges

We do not offer direct exchanges. Return the item for a refund and place a new order.
`;

export const SHIPPING_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Shipping information</title>
  <style>.price { color: red; }</style>
  <script>window.track = function (order) { return order > 1; };</script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/orders">Track your order</a></nav>
  <main>
    <h1>Shipping information</h1>
    <p>We ship to the United States, Canada and the European Union.</p>
    <h2 id="delivery-times">Delivery times</h2>
    <p>Standard delivery takes 3&ndash;5 business days. Express delivery takes 1&ndash;2 business
    days and costs &euro;9.</p>
    <h2>International shipping</h2>
    <p>Customs duties for deliveries outside the EU are paid by the recipient.</p>
  </main>
  <footer>&copy; 2025 Acme Shop. All rights reserved.</footer>
</body>
</html>`;

export const FAQ_ENTRIES: FaqEntry[] = [
  {
    id: 'faq-hours',
    question: 'What are your opening hours?',
    answer: 'Our support team is available Monday to Friday, 9:00–17:00 CET.',
  },
  {
    id: 'faq-payment',
    question: 'Which payment methods do you accept?',
    answer: 'We accept Visa, Mastercard, PayPal and bank transfer.',
  },
  {
    id: 'faq-gift-cards',
    question: 'Do you sell gift cards?',
    answer: 'Yes. Digital gift cards from €10 to €200 are available in our shop.',
  },
];

/** The corpus above as knowledge sources, parsed and chunked the way the product does it. */
export async function corpusSources(): Promise<KnowledgeSource[]> {
  const returns = await parseDocument({
    filename: 'returns.md',
    contentType: 'text/markdown',
    data: RETURNS_MARKDOWN,
  });
  const shipping = await parseDocument({
    filename: 'shipping.html',
    contentType: 'text/html',
    data: SHIPPING_HTML,
  });
  const faq = { id: 'faq', title: 'Help centre FAQ' };
  return [
    {
      id: 'returns',
      kind: 'document',
      title: returns.title,
      passages: chunkSections({ id: 'returns', title: returns.title }, returns.sections),
    },
    {
      id: 'shipping',
      kind: 'document',
      title: shipping.title,
      passages: chunkSections({ id: 'shipping', title: shipping.title }, shipping.sections),
    },
    { id: faq.id, kind: 'faq', title: faq.title, passages: faqPassages(faq, FAQ_ENTRIES) },
  ];
}
