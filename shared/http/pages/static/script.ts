// The one script, for progressive enhancement only: everything works without it.
// - marks <html class="js"> so "update the list" buttons hide;
// - a prefecture select fills its municipality select from /regions/<code>.json;
// - buttons with data-confirm ask before a destructive action;
// - the error summary of a failed form takes focus, so screen readers announce it.
export const SCRIPT = `
(function(){
document.documentElement.classList.add('js');
document.addEventListener('change',function(e){
  var sel=e.target;if(!sel||!sel.getAttribute)return;
  var targetId=sel.getAttribute('data-prefecture-for');if(!targetId)return;
  var target=document.getElementById(targetId);if(!target)return;
  var code=sel.value;
  var multiple=target.multiple;
  for(var i=target.options.length-1;i>=0;i--){
    var o=target.options[i];
    if(multiple?!o.selected:o.value!=='')target.remove(i);
  }
  var first=multiple?null:target.options[0];
  var en=document.documentElement.lang==='en';
  if(first)first.textContent=code?(en?'(Not specified)':'（指定しない）'):(en?'Choose a prefecture first':'先に都道府県を選んでください');
  if(!code)return;
  fetch('/regions/'+encodeURIComponent(code)+'.json').then(function(r){return r.ok?r.json():[]}).then(function(list){
    var have={};for(var j=0;j<target.options.length;j++)have[target.options[j].value]=1;
    list.forEach(function(m){if(have[m.code])return;var o=document.createElement('option');o.value=m.code;o.textContent=m.ja;target.appendChild(o);});
  });
});
document.addEventListener('submit',function(e){
  var b=e.submitter;var msg=b&&b.getAttribute&&b.getAttribute('data-confirm');
  if(msg&&!window.confirm(msg))e.preventDefault();
});
document.addEventListener('DOMContentLoaded',function(){
  var s=document.getElementById('error-summary');if(s)s.focus();
});
})();
`;
