/**
 * An error answered the way Magento's webapi renders exceptions: {message, parameters?} where the
 * message keeps its %placeholders and parameters carry the values (a list for %1, a map for %name).
 */
export class MagentoError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parameters?: Record<string, unknown> | unknown[],
    readonly errors?: { message: string; parameters?: Record<string, unknown> | unknown[] }[],
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.message };
    if (this.errors) body.errors = this.errors;
    if (this.parameters !== undefined) body.parameters = this.parameters;
    return body;
  }
}

export const productNotFound = (): MagentoError =>
  new MagentoError(404, "The product that was requested doesn't exist. Verify the product and try again.");

export const requiredField = (fieldName: string): MagentoError =>
  new MagentoError(400, '"%fieldName" is required. Enter and try again.', { fieldName });

export const entityNotFound = (fieldName: string, fieldValue: unknown): MagentoError =>
  new MagentoError(404, 'No such entity with %fieldName = %fieldValue', { fieldName, fieldValue });
