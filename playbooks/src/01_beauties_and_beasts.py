# %% [markdown]
# # Beauties and beasts
#
# **What you will learn**
# - what separates a reply that wins a customer from one that loses them
# - how the automatic scorer reads a reply, rule by rule
# - why a kind reply that comes late is still a near miss
#
# **Time**: about 25 minutes. Run the cells from top to bottom (Shift+Enter), or *Run > Run All Cells*.

# %% [markdown]
# ## The cases
#
# Eighteen cases: seven retell public cases described by the source articles (marked `reconstruction = yes`, written in our own words), the rest are new. Read a few aloud and let the room vote *beauty* or *beast* before you show the verdict.

# %%
from helpers import load_cases

cases = load_cases()
cases[["case_id", "title", "brand", "channel", "verdict", "reconstruction"]]

# %% [markdown]
# ## What the scorer sees
#
# The scorer rates each reply on the rubric's five dimensions (0, 1, 2) and shows the words that decided it. Highlighted phrases carry the id of the rule that matched: you can disagree with a rule, and change it.

# %%
from helpers import explain, score_replies

explain(cases.loc[cases.case_id == "C06"].iloc[0])  # the missing parcel, scenario A

# %%
explain(cases.loc[cases.case_id == "C07"].iloc[0])  # the same customer, scenario B

# %% [markdown]
# Now every case at once. Sort by the empathy index: do the beasts sink to the bottom?

# %%
scored = score_replies(cases)
scored[
    ["title", "verdict", "acknowledge", "personalize", "apologize", "act", "tone", "snark", "deflect", "empathy_index"]
].sort_values("empathy_index", ascending=False)

# %% [markdown]
# ## Speed is half of it
#
# The same reply means something else after two hours. The dashed line is the point after which, according to *The Beauties and the Beasts of Social Customer Service*, the customer is lost.

# %%
from helpers import plot_case_latency

plot_case_latency(cases)

# %% [markdown]
# **Discuss**: which beauty would become a beast if it came a day later? Which beast had nothing to do with speed?
