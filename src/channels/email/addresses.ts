/**
 * Email addresses as the channel uses them: compared in lower case, with the plus part
 * (`support+<token>@shop.example`) carrying a conversation's token so a reply threads even
 * when a mail client drops In-Reply-To and References.
 */
export const normaliseAddress = (address: string): string => address.trim().toLowerCase();

export function splitPlus(address: string): { base: string; token: string | undefined } {
  const a = normaliseAddress(address);
  const at = a.lastIndexOf('@');
  if (at < 0) return { base: a, token: undefined };
  const local = a.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0) return { base: a, token: undefined };
  return { base: `${local.slice(0, plus)}${a.slice(at)}`, token: local.slice(plus + 1) || undefined };
}

export function plusAddress(address: string, token: string): string {
  const a = normaliseAddress(address);
  const at = a.lastIndexOf('@');
  return `${a.slice(0, at)}+${token}${a.slice(at)}`;
}

export const domainOf = (address: string): string => normaliseAddress(address).split('@').at(-1) ?? '';
