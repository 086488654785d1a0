# %% [markdown]
# # Rewrite lab: from beast to beauty
#
# **What you will learn**
# - how each change to a reply moves its score
# - what the post asks of the reply
#
# **Time**: about 30 minutes. Run the cells from top to bottom (Shift+Enter), or *Run > Run All Cells*.

# %% [markdown]
# Below is a real-sounding beast. Edit the reply in the box: the score and the highlighted evidence update as you type. Try: name the customer's situation, apologise for *that*, offer a concrete next step with a time, sign with a name.

# %%
from helpers import rewrite_lab

rewrite_lab(
    "My parcel says delivered but it isn't here and it's a birthday present for tomorrow.",
    "There's nothing we can do until the investigation is complete. Please wait 30 business days.",
)

# %% [markdown]
# No widgets (e.g. in a PDF)? The same, one version at a time:

# %%
from helpers import explain

explain(
    "My parcel says delivered but it isn't here and it's a birthday present for tomorrow.",
    "I'm so sorry, that's stressful with the birthday tomorrow. I can send a replacement today by "
    "same-day courier, or refund you right now: which would you prefer? -Ana",
)

# %% [markdown]
# **Discuss**: which edit moved the index most? Which edit made the reply better for a human reader but did not move the score? (That is a rule to add: see `helpers/markers.yaml`.)
