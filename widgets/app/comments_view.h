// The comments of one proposal, drawn where the map's card and the proposals widget put them:
// the count and order, the new comment's form (signed in), the thread with replies indented
// and each comment's actions, the reply / edit / report form under the comment concerned,
// pages. Every control is noted under the mirror's command id ("comment-post",
// "comment-reply-12"…). Only draws, and turns clicks into model commands.
#pragma once

namespace quartier {

class CommentsModel;

// True when something changed (the widget then draws again).
bool DrawComments(CommentsModel& m);

} // namespace quartier
