import { Router } from 'express';
import type { BrandingImage } from '../workspaces/branding.images';
import type { FileService } from './file.service';

const IMAGES: Record<string, BrandingImage> = { logo: 'LOGO', background: 'BACKGROUND_IMAGE' };

/**
 * GET /branding/<workspace>/logo and /background: the stable addresses of
 * Branding.logoUrl and backgroundImageUrl (public, as the portal's sign-in
 * page shows them). Each answers 302 to a fresh signed GET of the image set
 * now, or 404 when there is none.
 */
export function brandingImageRoutes(files: FileService): Router {
  const router = Router();
  router.get('/branding/:workspaceId/:image', async (req, res, next) => {
    try {
      const image = Object.hasOwn(IMAGES, req.params.image) ? IMAGES[req.params.image] : undefined;
      const location = image ? await files.brandingImageLocation(req.params.workspaceId, image) : null;
      res.set('cache-control', 'no-store');
      if (!location) {
        res.status(404).type('text/plain').send('no such image');
        return;
      }
      res.redirect(302, location);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
