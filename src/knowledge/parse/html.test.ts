import { describe, expect, it } from 'vitest';
import { SHIPPING_HTML } from '../../../test/support/knowledge-corpus.ts';
import { parseHtml, parseHtmlPage } from './html.ts';

describe('parseHtml', () => {
  it('takes the title and h1–h3 sections from <main>, without script, style, nav or footer', () => {
    const doc = parseHtml(SHIPPING_HTML);
    expect(doc).toEqual({
      title: 'Shipping information',
      sections: [
        {
          heading: 'Shipping information',
          anchor: 'shipping-information',
          text: 'We ship to the United States, Canada and the European Union.',
        },
        {
          heading: 'Delivery times',
          anchor: 'delivery-times',
          text: 'Standard delivery takes 3–5 business days. Express delivery takes 1–2 business days and costs €9.',
        },
        {
          heading: 'International shipping',
          anchor: 'international-shipping',
          text: 'Customs duties for deliveries outside the EU are paid by the recipient.',
        },
      ],
    });
  });

  it('keeps blocks apart, inline text together, and drops hidden content', () => {
    const doc = parseHtml(`<body>
      <p>Intro <b>bold</b> text<br>next line</p>
      <h2><a id="faq-anchor"></a>Questions &amp; answers</h2>
      <ul><li>One</li><li hidden>Gone<li>Two &#8364; &#x20AC; &unknown;</li></ul>
      <table><tr><th>Size</th><td>S</td></tr></table>
      <div hidden>secret</div><span aria-hidden="true">icon</span>
      <form><label>Email</label><button>Send</button></form>
      <pre>line 1
line 2</pre>
      <h4>Minor</h4><p>Deep text</p>
    </body>`);
    expect(doc.title).toBe('');
    expect(doc.sections).toEqual([
      { heading: '', anchor: '', text: 'Intro bold text\nnext line' },
      {
        heading: 'Questions & answers',
        anchor: 'faq-anchor',
        text: 'One\nTwo € € &unknown;\nSize S\nline 1\nline 2\nMinor\nDeep text',
      },
    ]);
  });

  it('falls back to the first h1 for the title and survives malformed markup', () => {
    const doc = parseHtml('<h1>Help</h1><p>1 < 2 and <3 hearts<p>Unclosed <h2>Open heading<p>Body');
    expect(doc.title).toBe('Help');
    expect(doc.sections).toEqual([
      { heading: 'Help', anchor: 'help', text: '1 < 2 and <3 hearts\nUnclosed' },
      { heading: 'Open heading', anchor: 'open-heading', text: 'Body' },
    ]);
  });
});

describe('parseHtmlPage', () => {
  it('reads comments, quoted ">" in attributes and scripts as the HTML parser does, and lists links', () => {
    const page = parseHtmlPage(
      '<head><base href="/help/"><link rel="canonical" href="https://x.test/a">' +
        '<meta name="robots" content="noindex"></head><!-- c -->' +
        '<nav><a href="/home">Home</a></nav><p><a title="a>b" href="b">t</a>' +
        '<script>if (a<b) "</p>"</script> &copy; &ThickSpace;x</p>',
    );
    expect(page.sections).toEqual([{ heading: '', anchor: '', text: 't © x' }]);
    expect(page.links).toEqual(['/home', 'b']);
    expect(page).toMatchObject({ canonical: 'https://x.test/a', base: '/help/', robots: 'noindex' });
  });

  it('uses <article> when the page has no <main>, and [role=main] like <main>', () => {
    const article = parseHtmlPage('<div>Site banner</div><article><h1>Help</h1><p>Body</p></article>');
    expect(article.sections).toEqual([{ heading: 'Help', anchor: 'help', text: 'Body' }]);
    const role = parseHtmlPage('<div>Banner</div><div role="main"><p>Only this</p></div>');
    expect(role.sections).toEqual([{ heading: '', anchor: '', text: 'Only this' }]);
  });
});
