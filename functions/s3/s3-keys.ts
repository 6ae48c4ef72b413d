/** S3 event keys are URL-encoded with `+` for spaces; decode them the AWS way. */
export const decodeS3Key = (key: string) => decodeURIComponent(key.replace(/\+/g, ' '));

/** The inverse, as AWS encodes keys in events (the local runtime uses it to emulate S3). */
export const encodeS3Key = (key: string) => encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
