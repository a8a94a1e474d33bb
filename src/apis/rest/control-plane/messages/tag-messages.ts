/**
 * The catalogue's texts for TagResource, UntagResource and GetTags (tags.ts). No recording calls
 * these operations; the API reference names only the exceptions (BadRequestException,
 * NotFoundException), so the texts below are ours unless said otherwise. messages.ts has the rules
 * every entry follows.
 */
export const TAG_MESSAGES = {
  // Ours: an ARN that is not `arn:aws:apigateway:{region}::{path}` (developer guide, "API Gateway Amazon Resource Name (ARN) reference").
  invalidTagArn: (arn: string) => `Invalid resource ARN specified: ${arn}`,
  // Ours: a resource of this region's API Gateway only.
  tagArnOtherRegion: (region: string) => `Resources of region ${region} cannot be reached from this endpoint`,
  // Ours: a well-formed ARN of a resource that takes no tags (developer guide, "Tag-based access control": the taggable resources).
  resourceNotTaggable: (path: string) => `Resource ${path} cannot be tagged`,
  // Ours, in the shape of AWS's other not-found texts; Gatehouse has no custom domain names to tag.
  domainNameNotFound: 'Invalid domain name identifier specified',
  // Ours: the limits are TagResource's (API reference: a key up to 128 characters not starting with `aws:`).
  invalidTagKey: (key: string) => `Invalid tag key: ${key}. A tag key must be 1 to 128 characters of [a-zA-Z+-=._:/] and must not start with aws:`,
  // Ours: the API reference's limit for a value (up to 256 characters of the same set).
  invalidTagValue: (key: string) => `Invalid tag value for key ${key}. A tag value must be up to 256 characters of [a-zA-Z+-=._:/]`,
  // Ours: the general tagging limit of 50 user tags per resource ("Tagging AWS resources", tag naming limits and requirements).
  tooManyTags: (max: number) => `A resource can have at most ${max} tags`,
} as const
