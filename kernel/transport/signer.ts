import crypto from "node:crypto";

/**
 * HMAC-SHA256 over header, parent header, metadata and content, as the Jupyter wire protocol says.
 * An empty key means authentication is off (Jupyter's own convention): messages carry an empty signature.
 */
export class MessageSigner {
  private readonly key: Buffer;

  constructor(key: string) {
    this.key = Buffer.from(key, "utf8");
  }

  sign(parts: readonly Buffer[]): string {
    if (this.key.length === 0) return "";
    const hmac = crypto.createHmac("sha256", this.key);
    for (const part of parts) hmac.update(part);
    return hmac.digest("hex");
  }

  /** Constant-time comparison, so timing does not reveal how much of a forged signature was right. */
  verify(signature: Buffer, parts: readonly Buffer[]): boolean {
    if (this.key.length === 0) return true;
    const expected = Buffer.from(this.sign(parts), "utf8");
    return signature.length === expected.length && crypto.timingSafeEqual(signature, expected);
  }
}
