# %% [markdown]
# # Label your replies
#
# **What you will learn**
# - load your own export (or the workshop set)
# - rate replies on the rubric with the labelling widget; every click is saved
# - export the labels
#
# **Time**: about 45 minutes. Run the cells from top to bottom (Shift+Enter), or *Run > Run All Cells*.

# %% [markdown]
# ## 1. Load the replies
#
# To use your own export, replace the path and map your column names, e.g. `read_replies("export.csv", columns={"Message": "customer_text", "Response": "reply_text", ...})`. A file that does not fit gives an error naming the file, row and column, and the fix.

# %%
from helpers import load_workshop

replies = load_workshop()
replies = replies[replies.reply_text.notna()]
replies[["brand", "channel", "customer_text", "reply_text"]].head()

# %% [markdown]
# ## 2. Label
#
# Type your name below and run the cell. Hover a level for its description, or open *What do the levels mean?*. The automatic score and your colleagues' labels stay hidden until you have rated an item (blind mode); then *Reveal* shows them. Labels go to `labels.db` next to this notebook: close the notebook any time and you resume where you stopped.

# %%
from helpers import label

RATER = "your-name"
label(replies.head(40), rater=RATER, store="labels.db")

# %% [markdown]
# ## 3. What is saved
#
# Every click is an event in the store; `current()` gives the latest labels as a table, and `export` writes a spreadsheet-safe CSV (or Parquet).

# %%
from helpers import LabelStore

store = LabelStore("labels.db")
store.current().tail()

# %%
store.export("my_labels.csv")
