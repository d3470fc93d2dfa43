# medwork's Voila settings: read because `medwork apps` (medwork.cli.voila_env) puts this folder on
# JUPYTER_CONFIG_PATH. The landing page's app cards come from data/gallery/apps.csv through this hook.
import os
from datetime import timedelta
from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from medwork.apps.base import gallery_page_config
c.VoilaConfiguration.page_config_hook = gallery_page_config

# A warm Lookup: Voila starts one Lookup kernel ahead of the first visitor and renders the app in it (the
# search index loaded), so the first search answers in seconds, not after a kernel start and an index load.
# MEDWORK_WARM_APPS names the apps kept warm (space-separated, default "lookup"; empty: none).
WARM = [f'{a}.ipynb' for a in os.environ.get('MEDWORK_WARM_APPS', 'lookup').split()]

class WarmKernels(AsyncMappingKernelManager):
    """Culls the idle kernels of closed tabs (MEDWORK_CULL_IDLE), never a kernel waiting warm for the next visitor; a kernel
    no browser has connected to yet (just handed to a visitor whose page is still loading) gets a minute first."""
    GRACE = timedelta(minutes=1)

    def __init__(self, **kw):
        super().__init__(**kw)
        self.connected, self.unconnected_since = set(), {}   # kernels a browser was seen connected to; when the others were first seen

    async def cull_kernel_if_idle(self, kernel_id):
        waiting = {t.result().get('kernel_id') for pool in getattr(self, '_pools', {}).values() for t in pool
                   if t.done() and not t.cancelled() and t.exception() is None}
        if kernel_id in waiting: return                      # kept warm for the next visitor
        if self._kernel_connections.get(kernel_id, 0): self.connected.add(kernel_id)
        if kernel_id not in self.connected and utcnow() - self.unconnected_since.setdefault(kernel_id, utcnow()) < self.GRACE: return
        await super().cull_kernel_if_idle(kernel_id)

if WARM:
    c.VoilaConfiguration.preheat_kernel = True
    c.VoilaConfiguration.multi_kernel_manager_class = WarmKernels
    c.VoilaKernelManager.kernel_pools_config = {'default': {'pool_size': 0}, **{nb: {'pool_size': 1} for nb in WARM}}
