/** The workspace's images: the logo (portal and emails) and the portal's background. */
export type BrandingImage = 'LOGO' | 'BACKGROUND_IMAGE';

/** The last part of each image's stable address. */
export const BRANDING_IMAGE_PATHS: Record<BrandingImage, string> = {
  LOGO: 'logo',
  BACKGROUND_IMAGE: 'background',
};

/**
 * The service's own, stable address of a workspace's image: it redirects to a
 * fresh signed URL of whatever image is set now, so emails and pages may keep
 * it for years.
 */
export function brandingImageUrl(publicUrl: string, workspaceId: string, image: BrandingImage): string {
  return `${publicUrl}/branding/${workspaceId}/${BRANDING_IMAGE_PATHS[image]}`;
}
