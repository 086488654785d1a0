# %% [markdown]
# # Calibrate your team
#
# **What you will learn**
# - how far your raters agree, per dimension, with confidence intervals
# - which replies to discuss first
# - who reads the rubric more leniently
# - how the automatic scorer compares with your team
#
# **Time**: about 40 minutes. Run the cells from top to bottom (Shift+Enter), or *Run > Run All Cells*.

# %% [markdown]
# Until your team has labelled, this playbook uses `example_labels.csv`: **simulated** labels of three raters (one close to the rubric, one lenient, one strict and drifting) so you can see what each table shows. Swap in `LabelStore("labels.db").current()` once you have your own.

# %%
from helpers import load_example_labels

labels = load_example_labels()
labels.head()

# %% [markdown]
# ## Agreement per dimension
#
# Krippendorff's alpha (ordinal) is the headline, with a bootstrap 95% CI. Around 0.8 you can rely on a dimension; between 0.67 and 0.8 draw only tentative conclusions; below 0.67, don't rely on it yet. Percent agreement is shown because dashboards show it, but it is not corrected for chance. See `docs/agreement_cards.md`.

# %%
from helpers import agreement_summary

summary = agreement_summary(labels, n_boot=300, seed=1)
summary.pivot(index="dimension", columns="statistic", values="estimate").round(2)

# %%
summary[summary.statistic == "alpha_ordinal"][["dimension", "estimate", "ci_low", "ci_high", "n"]].round(2)

# %% [markdown]
# The same alphas as a chart: a dimension whose diamond sits left of the dashed line (in the zone marked "not reliable yet") is one your team does not yet read the same way, so put it first on the calibration agenda; a long bar means you need more labelled replies before you can tell.

# %%
from helpers import plot_alpha

plot_alpha(summary)

# %% [markdown]
# ## The calibration agenda
#
# The replies you disagree on most, every rater's level beside them. Discuss the top five, agree what the rubric means, write it down.

# %%
from helpers import disagreements, load_workshop

texts = load_workshop().dropna(subset=["reply_id"]).set_index("reply_id")["reply_text"]
agenda = disagreements(labels, top=5)
agenda.assign(reply=agenda.item.map(texts))

# %% [markdown]
# ## Rater diagnostics
#
# *leniency* > 0: rates higher than the other raters' mean on the same replies. *alpha_without*: the team's alpha if this rater's labels were left out. *drift*: does the rater grow stricter (negative) or kinder over the session?

# %%
from helpers import rater_diagnostics

rater_diagnostics(labels, order="at").round(2)

# %% [markdown]
# The leniency column as a chart: bars to the right mean a rater scores the same replies higher than the others do, bars to the left lower; a rater whose bars all point the same way reads the rubric more generously (or more strictly) than the team, and is the one to go through the rubric with.

# %%
from helpers import plot_leniency

plot_leniency(labels)

# %% [markdown]
# ## The scorer against the team
#
# Each rater is compared with the consensus of the *others*; the scorer with the same consensuses. If the scorer's row is close to the raters', it agrees with the team about as well as they agree with each other.

# %%
from helpers import score_replies, validate_scorer

scored = score_replies(load_workshop().dropna(subset=["reply_id"]))
ceiling = validate_scorer(labels, scored, item="reply_id", n_boot=300, seed=1)
ceiling[ceiling.statistic == "qwk"].pivot(index="who", columns="dimension", values="estimate").round(2)

# %% [markdown]
# ## Fit the scorer to your team
#
# The kit's scorer learned the rubric from independent raters. Your team may read it a little differently (how strict "personalised" is, whether a bare "DM us" is a next step). `fit_scorer` re-trains the scorer's learned layer on your own labels, starting from the kit's model and staying close to it when you have few labels. The table shows the agreement with your raters before (the kit's model) and after (your model, cross-validated: each reply scored by a model that never saw its labels).
#
# The example labels are simulated, so read the numbers as a demonstration of the step, not as a result. From the command line: `empathy-kit fit labels.db replies.csv -o our_scorer.npz`, then `empathy-kit score replies.csv -o scored.csv --model our_scorer.npz`.

# %%
from helpers import fit_scorer

team_model, report = fit_scorer(labels, load_workshop(), folds=3)
report.round(2)

# %%
team_model.save("our_scorer.npz")
score_replies(load_workshop().dropna(subset=["reply_id"]).head(5), model="our_scorer.npz")[
    ["reply_text", "acknowledge", "act", "tone", "empathy_index"]
]
