# %% [markdown]
# # Spot the cues
#
# **What you will learn**
# - the phrases that show a customer is struggling, even in a friendly post
# - what each cue asks of the reply
#
# **Time**: about 20 minutes. Run the cells from top to bottom (Shift+Enter), or *Run > Run All Cells*.

# %% [markdown]
# Customers rarely write "I am struggling". They write *I tried to…*, *can't seem to…*, *how do I…*, often wrapped in a smiley. For every customer who complains, many more stay silent, so a polite post may still deserve an apology for the effort it took. An apology expresses regret for the experience; it does not admit fault.

# %%
import pandas as pd

from helpers import describe_needs, detect_cues

posts = pd.Series(
    [
        "Hi! Love the new app :) I tried to change my billing address but I can't seem to find where.",
        "How do I add my partner to the account?",
        "Flight cancelled at the gate, no staff anywhere. So frustrating!!",
        "Huge thanks to the crew on SK77, my daughter loved it",
    ]
)
cues = detect_cues(posts)
pd.concat([posts.rename("post"), cues], axis=1)

# %%
for post, (_, row) in zip(posts, cues.iterrows()):
    print(post, "\n  ->", describe_needs(row), "\n")

# %% [markdown]
# ## Your turn: the workshop posts
#
# Which share of the workshop posts carries a struggle cue? And how many of the replies to those posts apologised at all?

# %%
from helpers import load_workshop, score_replies

workshop = load_workshop()
answered = workshop[workshop.reply_text.notna()]
scored = score_replies(answered)
scored["struggle"] = detect_cues(answered.customer_text)["struggle"].to_numpy()
scored.groupby("struggle")["apologize"].value_counts(dropna=False).unstack().fillna(0).astype(int)

# %% [markdown]
# **Discuss**: pick one post with a struggle cue and no apology. Write the first sentence the reply should have had. (Playbook 06 lets you test it.)
