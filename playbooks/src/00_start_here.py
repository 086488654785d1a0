# %% [markdown]
# # Start here: the empathy kit in a workshop
#
# **What you will learn**
# - what the kit measures and how the playbooks fit together
# - whether this machine has everything the workshop needs
#
# **Time**: about 10 minutes. Run the cells from top to bottom (Shift+Enter), or *Run > Run All Cells*.

# %% [markdown]
# ## The idea
#
# Brands answer customers in public. A reply can turn a disappointed customer into a loyal one (a *beauty*) or make things worse (a *beast*): a bare "sorry", snark, policy-speak, or an answer that arrives hours late. The articles this kit grew from make two points again and again: **empathy is more than typing sorry** (acknowledge, apologise specifically, then act), and **speed is half of it** (reply within 15-30 minutes; after two hours the customer is gone).
#
# The kit measures both on your own replies: an *empathy index* from a transparent scorer you can argue with, and response times against published, dated benchmarks.

# %% [markdown]
# ## A workshop agenda (half a day)
#
# | time | playbook | what the room does |
# |---|---|---|
# | 0:00 | 00 start here | agenda, check the machines |
# | 0:10 | 01 beauties and beasts | walk real and reconstructed cases; vote before revealing the score |
# | 0:40 | 02 spot the cues | find the struggle hidden in polite posts |
# | 1:05 | 03 label your replies | everyone rates the same replies (or open the workshop app) |
# | 1:50 | 04 calibrate your team | where you disagree, and why |
# | 2:30 | 05 empathy and latency vs benchmarks | your team beside 60 real brands and published figures |
# | 3:00 | 06 rewrite lab | turn a beast into a beauty, live |
# | 3:30 | 07 reproduce an evaluation | the numbers to take home, with provenance |

# %% [markdown]
# ## Is this machine ready?
#
# The table below checks Python, the packages and the bundled data. Every row should say `True`; if one does not, its `fix` column says what to do.

# %%
from helpers import environment_check

environment_check()

# %% [markdown]
# ## Your own data
#
# Export your replies from your social tool as CSV or Excel. The kit needs, per reply, the customer's post and time and the brand's reply and time; `read_replies` maps your column names and tells you exactly what to fix when a file does not fit. Playbook 03 shows how. For a room, run `make label-app` in a terminal: everyone opens the link, types a name and labels in the browser.
