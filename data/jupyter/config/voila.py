# medwork's Voila settings: read because `medwork apps` (medwork.cli.voila_env) puts this folder on
# JUPYTER_CONFIG_PATH. The landing page's app cards come from data/gallery/apps.csv through this hook.
from medwork.apps.base import gallery_page_config
c.VoilaConfiguration.page_config_hook = gallery_page_config
